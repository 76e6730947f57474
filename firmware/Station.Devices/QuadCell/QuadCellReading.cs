using UnitsNet;

namespace Station.Devices.QuadCell;

/// <summary>What a quad-cell reading means.</summary>
public enum QuadCellStatus
{
    /// <summary>A spot is on the cell and no channel clipped: <see cref="QuadCellReading.X"/> and <see cref="QuadCellReading.Y"/> are valid.</summary>
    Valid,

    /// <summary>The quadrant sum is below the threshold: no beacon on the cell; X and Y are 0 and meaningless.</summary>
    NoSpot,

    /// <summary>At least one channel is at full scale: the spot is too bright and X, Y are biased towards 0.</summary>
    Saturated,

    /// <summary>The ADC did not answer (null bit not 0) on every attempt; no channel values.</summary>
    AdcNotResponding,
}

/// <summary>
/// One reading of the four quadrants. Codes are the raw 12-bit ADC values of quadrants A–D (see
/// <see cref="QuadCell"/> for the layout); X and Y are the normalised differences, −1…1.
/// </summary>
/// <param name="Status">Whether X and Y can be used.</param>
/// <param name="X">((A + D) − (B + C)) / Σ: + is the spot towards +x (tip).</param>
/// <param name="Y">((A + B) − (C + D)) / Σ: + is the spot towards +y (tilt).</param>
/// <param name="SumVolts">A + B + C + D in volts at the ADC inputs.</param>
/// <param name="A">Quadrant A code (top right).</param>
/// <param name="B">Quadrant B code (top left).</param>
/// <param name="C">Quadrant C code (bottom left).</param>
/// <param name="D">Quadrant D code (bottom right).</param>
/// <param name="Retries">ADC conversions repeated because a frame came back invalid.</param>
public readonly record struct QuadCellReading(
    QuadCellStatus Status, double X, double Y, double SumVolts, int A, int B, int C, int D, int Retries)
{
    /// <summary>The quadrant sum as a quantity.</summary>
    public ElectricPotential Sum => ElectricPotential.FromVolts(SumVolts);

    /// <summary>Whether X and Y are usable.</summary>
    public bool IsValid => Status == QuadCellStatus.Valid;
}
