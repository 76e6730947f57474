using System.Diagnostics;
using System.Globalization;
using Station.Core.Timing;
using Station.Emulator;
using Station.Firmware.Sequencing;

namespace Station.Cli.Simulation;

/// <summary>
/// The live progress line: simulated time, sequencer state, the mount's elevation, the lock and the detector counts;
/// paces the run when a speed is requested.
/// </summary>
internal sealed class SimulationProgress(SimulationRequest request, StationSequencerService sequencer, EmulatedStation station, SimulatedTimeProvider time, Stopwatch wall)
{
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private DateTimeOffset _lastLine = DateTimeOffset.MinValue;
    private long _lastCounts;

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

        long counts = 0;
        for (int channel = 0; channel < Emulator.Devices.EmulatedGateCounter.ChannelCount; channel++)
        {
            counts += station.GateCounter.Channels[channel].TotalDetections;
        }

        double rate = _lastLine == DateTimeOffset.MinValue ? 0 : (counts - _lastCounts) / (now - _lastLine).TotalSeconds;
        _lastCounts = counts;
        _lastLine = now;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{now:HH:mm:ss}Z  {sequencer.State,-10}  el {station.Elevation.AngleDegrees,5:0.0}°  counts {rate,9:0}/s  ({wall.Elapsed.TotalSeconds:0.0} s wall)");
        if (request.ProgressInPlace)
        {
            output.Write("\r" + line.PadRight(78));
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
