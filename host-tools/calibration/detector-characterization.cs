#!/usr/bin/env dotnet
#:project ../Station.Calibration/Station.Calibration.csproj

// Detector characterization, per channel: dark counts vs. gate width (shutter closed), dead time from the count-rate
// saturation curve over the bench source's power (non-paralysable model), afterpulse probability and release time from
// the gate/counter board's inter-arrival histogram (register map v1.1). Writes detectors.json, which the firmware loads
// at start-up (Station:Calibration:DetectorsPath): the count monitor's expected dark counts and dead-time ceiling.
//
//   dotnet run host-tools/calibration/detector-characterization.cs -- [--seed N] [--out DIR] [--station NAME] [--hardware]
//       [--dark-seconds 20] [--afterpulse-seconds 20] [--afterpulse-rate-hz 50000] [--channels 0,1,2,3]
//       [--calibration-source /dev/ttyACM1]
//
// Exit codes: 0 written, 2 bad arguments, 3 refused (too few counts, no saturation; nothing written), 4 no hardware (or no calibration source on its port).
using Station.Calibration.Common;
using Station.Calibration.Detectors;

var session = new CalibrationSession("detector-characterization", DetectorCalibration.Options, DetectorCalibration.Calibrate);
return session.Run(args);
