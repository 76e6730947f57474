namespace Station.Emulator.Devices;

/// <summary>
/// BME280 trimming parameters (NVM 0x88–0xA1, 0xE1–0xE7) and the datasheet's floating-point compensation
/// formulas (BST-BME280-DS002 §8.1), run forwards (raw → physical, what a driver computes) and inverted
/// (physical → raw, what the emulated chip must put in its data registers so that a driver reads back the
/// world's values). The default trimming is the datasheet's example set for T and P (dig_T1 = 27504 …)
/// and a typical production set for H.
/// </summary>
public sealed record Bme280Trimming(
    ushort T1 = 27504, short T2 = 26435, short T3 = -1000,
    ushort P1 = 36477, short P2 = -10685, short P3 = 3024, short P4 = 2855, short P5 = 140, short P6 = -7,
    short P7 = 15500, short P8 = -14600, short P9 = 6000,
    byte H1 = 75, short H2 = 362, byte H3 = 0, short H4 = 313, short H5 = 50, sbyte H6 = 30)
{
    /// <summary>The calibration bytes as laid out in NVM: 26 bytes at 0x88 and 7 bytes at 0xE1.</summary>
    public (byte[] Block88, byte[] BlockE1) ToRegisters()
    {
        var a = new byte[26];
        WriteLe(a, 0, T1);
        WriteLe(a, 2, (ushort)T2);
        WriteLe(a, 4, (ushort)T3);
        WriteLe(a, 6, P1);
        WriteLe(a, 8, (ushort)P2);
        WriteLe(a, 10, (ushort)P3);
        WriteLe(a, 12, (ushort)P4);
        WriteLe(a, 14, (ushort)P5);
        WriteLe(a, 16, (ushort)P6);
        WriteLe(a, 18, (ushort)P7);
        WriteLe(a, 20, (ushort)P8);
        WriteLe(a, 22, (ushort)P9);
        a[25] = H1; // 0xA1 (0xA0 is reserved)
        var e = new byte[7];
        WriteLe(e, 0, (ushort)H2);               // 0xE1/0xE2
        e[2] = H3;                               // 0xE3
        e[3] = (byte)(H4 >> 4);                  // 0xE4: dig_H4[11:4]
        e[4] = (byte)((H4 & 0x0F) | ((H5 & 0x0F) << 4)); // 0xE5: dig_H4[3:0], dig_H5[3:0]
        e[5] = (byte)(H5 >> 4);                  // 0xE6: dig_H5[11:4]
        e[6] = (byte)H6;                         // 0xE7
        return (a, e);
    }

    /// <summary>t_fine of a raw temperature (datasheet double formula).</summary>
    public double TemperatureFine(int adcT)
    {
        double var1 = ((adcT / 16384.0) - (T1 / 1024.0)) * T2;
        double u = (adcT / 131072.0) - (T1 / 8192.0);
        return var1 + (u * u * T3);
    }

    /// <summary>Raw 20-bit temperature for °C (inverse of the compensation: a quadratic in u = adc/2^17 − T1/2^13).</summary>
    public int RawTemperature(double celsius)
    {
        double tFine = celsius * 5120.0;
        // t_fine = 8·T2·u + T3·u²
        double u = SolveQuadratic(T3, 8.0 * T2, -tFine);
        return ClampRaw((int)Math.Round((u + (T1 / 8192.0)) * 131072.0), 20);
    }

    /// <summary>Compensated pressure in Pa for a raw pressure and t_fine (datasheet double formula).</summary>
    public double Pressure(int adcP, double tFine)
    {
        var (scale, offset) = PressureTerms(tFine);
        double p = (1048576.0 - adcP - (offset / 4096.0)) * 6250.0 / scale;
        return p + (((P9 * p * p / 2147483648.0) + (p * P8 / 32768.0) + P7) / 16.0);
    }

    /// <summary>Raw 20-bit pressure giving <paramref name="pascals"/> at <paramref name="tFine"/>.</summary>
    public int RawPressure(double pascals, double tFine)
    {
        // Final step: P = p + (P9 p²/2^31 + P8 p/2^15 + P7)/16, a quadratic in p.
        double p = SolveQuadratic(P9 / 2147483648.0 / 16.0, 1.0 + (P8 / 32768.0 / 16.0), (P7 / 16.0) - pascals);
        var (scale, offset) = PressureTerms(tFine);
        double adc = 1048576.0 - (p * scale / 6250.0) - (offset / 4096.0);
        return ClampRaw((int)Math.Round(adc), 20);
    }

    /// <summary>Compensated relative humidity in % for a raw humidity and t_fine (datasheet double formula, unclamped).</summary>
    public double Humidity(int adcH, double tFine)
    {
        var (offset, factor) = HumidityTerms(tFine);
        double h = (adcH - offset) * factor;
        return h * (1.0 - (H1 * h / 524288.0));
    }

    /// <summary>Raw 16-bit humidity giving <paramref name="percent"/> at <paramref name="tFine"/>.</summary>
    public int RawHumidity(double percent, double tFine)
    {
        // percent = h − H1 h²/2^19: the root near h = percent.
        double h = H1 == 0 ? percent : SolveQuadratic(-H1 / 524288.0, 1.0, -percent);
        var (offset, factor) = HumidityTerms(tFine);
        return ClampRaw((int)Math.Round((h / factor) + offset), 16);
    }

    private (double Scale, double Offset) PressureTerms(double tFine)
    {
        double var1 = (tFine / 2.0) - 64000.0;
        double var2 = var1 * var1 * P6 / 32768.0;
        var2 += var1 * P5 * 2.0;
        var2 = (var2 / 4.0) + (P4 * 65536.0);
        var1 = ((P3 * var1 * var1 / 524288.0) + (P2 * var1)) / 524288.0;
        var1 = (1.0 + (var1 / 32768.0)) * P1;
        return (var1, var2);
    }

    private (double Offset, double Factor) HumidityTerms(double tFine)
    {
        double x = tFine - 76800.0;
        double offset = (H4 * 64.0) + (H5 / 16384.0 * x);
        double factor = H2 / 65536.0 * (1.0 + (H6 / 67108864.0 * x * (1.0 + (H3 / 67108864.0 * x))));
        return (offset, factor);
    }

    /// <summary>The root of a x² + b x + c = 0 nearest −c/b (the physical branch; linear when a = 0).</summary>
    private static double SolveQuadratic(double a, double b, double c)
    {
        if (Math.Abs(a) < 1e-300)
        {
            return -c / b;
        }

        // Citardauq form: numerically stable when a is tiny relative to b.
        double discriminant = (b * b) - (4 * a * c);
        return 2 * c / (-b - (Math.Sign(b) * Math.Sqrt(discriminant)));
    }

    private static int ClampRaw(int value, int bits) => Math.Clamp(value, 0, (1 << bits) - 1);

    private static void WriteLe(byte[] buffer, int offset, ushort value)
    {
        buffer[offset] = (byte)value;
        buffer[offset + 1] = (byte)(value >> 8);
    }
}
