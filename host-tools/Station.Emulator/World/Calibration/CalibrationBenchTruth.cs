namespace Station.Emulator.World.Calibration;

/// <summary>One detector channel's truth on the calibration bench.</summary>
/// <param name="DarkCountRateHz">Dark counts per second of open gate.</param>
/// <param name="DeadTimeNs">Non-paralysable dead time.</param>
/// <param name="AfterpulseProbability">Probability that a detection is followed by an afterpulse (before dead-time losses).</param>
/// <param name="AfterpulseTimeConstantNs">Mean release time of the trapped carrier.</param>
/// <param name="PulseArrivalDelayNs">Instrument delay: gate-period start (the source's trigger) to the pulsed photons' arrival.</param>
/// <param name="PulseJitterPs">RMS timing jitter of the pulsed photons' arrival.</param>
/// <param name="ContinuousRateAtFullPowerHz">Avalanche rate of the continuous source at full power, behind the wheels.</param>
/// <param name="PhotonsPerPulseAtFullPower">Mean avalanche-equivalent photons per pulse at full power.</param>
public sealed record CalibrationChannelTruth(
    double DarkCountRateHz,
    double DeadTimeNs,
    double AfterpulseProbability,
    double AfterpulseTimeConstantNs,
    double PulseArrivalDelayNs,
    double PulseJitterPs,
    double ContinuousRateAtFullPowerHz,
    double PhotonsPerPulseAtFullPower);

/// <summary>
/// The injected truth of the emulated calibration bench, drawn from a seed: per detector channel the dark rate,
/// dead time, afterpulsing and pulsed-source arrival delay and jitter; per filter wheel the slot centres' offsets
/// from nominal and the reference beam's transmission through each slot. Calibration tests compare what the scripts
/// recover with these.
/// </summary>
public sealed record CalibrationBenchTruth(
    int Seed,
    IReadOnlyList<CalibrationChannelTruth> Channels,
    IReadOnlyList<double> SpectralSlotOffsetsDegrees,
    IReadOnlyList<double> NdSlotOffsetsDegrees,
    IReadOnlyList<double> SpectralReferenceTransmission,
    IReadOnlyList<double> NdReferenceTransmission)
{
    /// <summary>
    /// Draws a bench from <paramref name="seed"/>: dark 100–1500 Hz, dead time 20–50 ns, afterpulsing 1–5 % with an
    /// 80–200 ns release time, arrival delays 20–400 ns with 50–250 ps jitter, slot centres ±0.3° from nominal (±128
    /// microsteps on a 3:1, 200-step wheel). The reference beam passes every slot but the dark ones (opaque) and the
    /// ND wheel's densities.
    /// </summary>
    public static CalibrationBenchTruth FromSeed(int seed, int channelCount = 4, int slotCount = 6)
    {
        var random = new Random(seed);
        double Uniform(double min, double max) => min + ((max - min) * random.NextDouble());
        var channels = new CalibrationChannelTruth[channelCount];
        for (int i = 0; i < channelCount; i++)
        {
            channels[i] = new CalibrationChannelTruth(
                DarkCountRateHz: Uniform(100, 1500),
                DeadTimeNs: Uniform(20, 50),
                AfterpulseProbability: Uniform(0.01, 0.05),
                AfterpulseTimeConstantNs: Uniform(80, 200),
                PulseArrivalDelayNs: Uniform(20, 400),
                PulseJitterPs: Uniform(50, 250),
                ContinuousRateAtFullPowerHz: Uniform(80e6, 120e6),
                PhotonsPerPulseAtFullPower: Uniform(0.8, 1.2));
        }

        double[] Offsets() => [.. Enumerable.Range(0, slotCount).Select(_ => Uniform(-0.3, 0.3))];
        var spectral = Offsets();
        var nd = Offsets();

        // Reference beam (a broadband lamp) through the station's slots, in the order of appsettings.json:
        // 810/10, 532 beacon, open, dark, 850/40, 671/10 and open, ND1 … ND4, dark.
        double[] spectralT = [0.45, 0.5, 1, 0, 0.7, 0.5];
        double[] ndT = [1, 0.1, 0.01, 1e-3, 1e-4, 0];
        return new CalibrationBenchTruth(seed, channels, spectral, nd, spectralT[..Math.Min(slotCount, 6)], ndT[..Math.Min(slotCount, 6)]);
    }
}
