using System.Diagnostics;
using System.Globalization;
using Station.Core.Timing;
using Station.Emulator;
using Station.Firmware.Sequencing;

namespace Station.Cli.Simulation;

/// <summary>
/// The live progress line: simulated time, and per station the sequencer state, the mount's elevation and the detector
/// count rate; paces the run when a speed is requested.
/// </summary>
internal sealed class SimulationProgress(SimulationRequest request, IReadOnlyList<(string Name, StationSequencerService Sequencer, EmulatedStation Station)> stations, SimulatedTimeProvider time, Stopwatch wall)
{
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private readonly long[] _lastCounts = new long[stations.Count];
    private DateTimeOffset _lastLine = DateTimeOffset.MinValue;

    public void Update()
    {
        var now = time.GetUtcNow();
        if (request.Speed is { } speed)
        {
            var due = TimeSpan.FromSeconds((now - _start).TotalSeconds / speed);
            if (due > wall.Elapsed)
            {
                Thread.Sleep(due - wall.Elapsed);
            }
        }

        if (request.Progress is not { } output || now - _lastLine < TimeSpan.FromSeconds(request.ProgressInPlace ? 1 : 10))
        {
            return;
        }

        var line = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{now:HH:mm:ss}Z"));
        for (int i = 0; i < stations.Count; i++)
        {
            var (name, sequencer, station) = stations[i];
            long counts = 0;
            for (int channel = 0; channel < Emulator.Devices.EmulatedGateCounter.ChannelCount; channel++)
            {
                counts += station.GateCounter.Channels[channel].TotalDetections;
            }

            double rate = _lastLine == DateTimeOffset.MinValue ? 0 : (counts - _lastCounts[i]) / (now - _lastLine).TotalSeconds;
            _lastCounts[i] = counts;
            string who = stations.Count > 1 ? name + " " : "";
            line.Append(CultureInfo.InvariantCulture, $"  {who}{sequencer.State,-10}  el {station.Elevation.AngleDegrees,5:0.0}°  counts {rate,9:0}/s");
        }

        _lastLine = now;
        line.Append(CultureInfo.InvariantCulture, $"  ({wall.Elapsed.TotalSeconds:0.0} s wall)");
        if (request.ProgressInPlace)
        {
            output.Write("\r" + line.ToString().PadRight(78));
        }
        else
        {
            output.WriteLine(line);
        }
    }

    public void Finish()
    {
        if (request.ProgressInPlace)
        {
            request.Progress?.WriteLine();
        }
    }
}
