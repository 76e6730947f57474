using Iot.Device.Adc;
using UnitsNet;

namespace Station.Devices.SteeringMirror;

/// <summary>
/// Read-back of the DAC8563 outputs through two spare MCP3208 inputs (by default CH4 tip and CH5 tilt of
/// the quad-cell ADC, each through a 1:2 divider so 0–5 V fits the 3.3 V reference). The DAC has no SDO
/// and no CRC; this wrap-around check is how the station notices a DAC that is absent or mis-clocked.
/// </summary>
/// <param name="Adc">The monitor ADC (it may be the quad cell's, opened on the same chip select).</param>
/// <param name="Reference">The ADC's VREF.</param>
/// <param name="TipChannel">ADC input watching the tip output.</param>
/// <param name="TiltChannel">ADC input watching the tilt output.</param>
/// <param name="DividerRatio">ADC volts per DAC volt.</param>
/// <param name="Tolerance">Largest acceptable difference in DAC volts (several ADC LSBs plus divider error).</param>
public sealed record SteeringMirrorMonitor(
    Mcp3208 Adc, ElectricPotential Reference, int TipChannel = 4, int TiltChannel = 5, double DividerRatio = 0.5, ElectricPotential? Tolerance = null)
{
    /// <summary>The tolerance in volts (default 20 mV).</summary>
    public double ToleranceVolts => Tolerance?.Volts ?? 0.020;

    /// <summary>Reads one DAC output voltage (throws <see cref="InvalidOperationException"/> when the ADC frame is invalid).</summary>
    public double ReadDacVolts(int channel) => Adc.Read(channel) * Reference.Volts / 4096.0 / DividerRatio;
}
