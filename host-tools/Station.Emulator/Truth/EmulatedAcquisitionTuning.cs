using Station.Core.Acquisition;
using Station.Emulator.World.Disturbances;
using Station.Firmware.Acquisition;
using UnitsNet;

namespace Station.Emulator.Truth;

/// <summary>The acquisition tuning an engineer sets for the emulated camera and quad cell (their bench calibration).</summary>
public static class EmulatedAcquisitionTuning
{
    /// <summary>
    /// Acquisition settings matching the emulated camera (640×512, 5 µrad/px, boresight at the centre, rows down) and
    /// the sky's quad cell. The error budget's along-track term is 6 km at epoch (+3 km/day): a 3σ search then
    /// covers ≥ 2.4 s of along-track timing error, the offset the scenario flies.
    /// </summary>
    /// <remarks>
    /// The beacon's flux window is set from the link budget: at least 40 % of the clear-sky beacon in the camera
    /// (<paramref name="beaconFluxAdu"/>). Two adjacent hot pixels (~2,500 ADU) are a stationary "spot" that
    /// confirms like a beacon; the flux floor rejects them.
    /// </remarks>
    public static BeaconAcquisitionOptions For(QuadCellNoiseParameters quadCell, string cameraDevicePath, double beaconFluxAdu)
    {
        ArgumentNullException.ThrowIfNull(quadCell);
        return new BeaconAcquisitionOptions
        {
            CameraDevicePath = cameraDevicePath,
            Tracker = new TrackerOptions
            {
                QuadCell = QuadCellCalibration.ForGaussianSpot(quadCell.SpotSigma) with { MinimumSum = 0.5 },
                MinimumFlux = 0.4 * beaconFluxAdu,
                MaximumFlux = 10 * beaconFluxAdu,
            },
            Centroider = new CentroiderOptions { SaturationLevel = 4095, GainElectronsPerAdu = 2 },
            ErrorBudget = new ErrorBudget { AlongTrackAtEpoch = Length.FromKilometers(6) },
        };
    }
}
