#:project ../Station.Calibration/Station.Calibration.csproj

// Camera-boresight calibration: rasters the mount around a fixed source (a collimator), fits the camera's plate scale
// and rotation, nulls the source on the quad cell and reads the boresight pixel; writes the boresight file the
// firmware loads at start-up (Station:Calibration:BoresightPath), with a plot of the raster.
//   dotnet run host-tools/calibration/camera-boresight.cs -- [--hardware] [--out DIR] [--seed N] [--station NAME]
//       [--scenario FILE] [--source-az 180] [--source-el 45] [--source-el2 EL] [--grid 5] [--step-urad 350] [--frames 30]
//       [--null-frames 100] [--quad-cell-sigma-urad 20] [--max-rms-px 0.5]
// Exit codes: 0 written, 2 bad arguments, 3 refused (reason printed, nothing written), 4 no hardware.
using Station.Calibration.Boresight;
using Station.Calibration.Common;

var session = new CalibrationSession(
    "camera-boresight",
    BoresightCalibration.Options,
    (arguments, rig) => BoresightCalibration.Run(arguments, rig, Console.WriteLine));
return session.Run(args);
