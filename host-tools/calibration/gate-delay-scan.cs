#!/usr/bin/env dotnet
#:project ../Station.Calibration/Station.Calibration.csproj

// Gate delays: scans each detector channel's gate across the pulses of the bench calibration source, fits the
// count peak (gate window convolved with Gaussian jitter) and writes each channel's instrument delay to
// gate-delays.json, which the firmware loads at start-up (Station:Calibration:GateDelaysPath).
//
//   dotnet run host-tools/calibration/gate-delay-scan.cs -- [--seed N] [--out DIR] [--station NAME] [--hardware]
//       [--period-ns 1000] [--gate-width-ns 1] [--source-power 0.05] [--source-delay-ns 0] [--channels 0,1,2,3] [--calibration-source /dev/ttyACM1]
//
// Exit codes: 0 written, 2 bad arguments, 3 refused (no peak, fit failed; nothing written), 4 no hardware (or no calibration source on its port).
using Station.Calibration.Common;
using Station.Calibration.GateDelay;

var session = new CalibrationSession("gate-delay-scan", GateDelayCalibration.Options, GateDelayCalibration.Calibrate);
return session.Run(args);
