#:project ../Station.Calibration/Station.Calibration.csproj

// Pointing-model calibration: observes bright stars spread over the sky, fits the TPOINT terms and writes the
// pointing-model file the firmware loads (Station:PointingModelPath), with a residual plot.
//   dotnet run host-tools/calibration/pointing-model.cs -- [--hardware] [--out DIR] [--seed N] [--station NAME]
//       [--scenario FILE] [--stars 40] [--frames 8] [--min-el 20] [--max-el 80] [--az-from 0] [--az-to 360]
//       [--max-rms-arcsec 5] [--boresight FILE, default OUT/camera-boresight.json when present]
// Exit codes: 0 written, 2 bad arguments, 3 refused (reason printed, nothing written), 4 no hardware.
using Station.Calibration.Common;
using Station.Calibration.Pointing;

var session = new CalibrationSession(
    "pointing-model",
    PointingModelCalibration.Options,
    (arguments, rig) => PointingModelCalibration.Run(arguments, rig, Console.WriteLine));
return session.Run(args);
