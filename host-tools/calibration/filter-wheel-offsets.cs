#!/usr/bin/env dotnet
#:project ../Station.Calibration/Station.Calibration.csproj

// Filter-wheel slot offsets: homes each wheel on its index, scans the transmission of the reference light across
// every slot (coarse profile, then fine scans of both edges), and writes each slot's centre in microsteps from the
// index to filter-wheels.json, which the firmware loads at start-up (Station:Calibration:FilterWheelsPath) in place
// of the configured OffsetMicrosteps.
//
//   dotnet run host-tools/calibration/filter-wheel-offsets.cs -- [--seed N] [--out DIR] [--station NAME] [--hardware]
//       [--wheels all|spectral,nd] [--opaque dark|none|SLOT,…] [--open-slot open] [--config appsettings.json] [--calibration-source /dev/ttyACM1]
//
// Exit codes: 0 written, 2 bad arguments, 3 refused (a slot without light or an edge; nothing written), 4 no hardware (or no calibration source on its port).
using Station.Calibration.Common;
using Station.Calibration.FilterWheels;

var session = new CalibrationSession("filter-wheel-offsets", FilterWheelSlotCalibration.Options, FilterWheelSlotCalibration.Calibrate);
return session.Run(args);
