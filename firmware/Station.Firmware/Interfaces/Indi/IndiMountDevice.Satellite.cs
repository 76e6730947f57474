using System.Globalization;
using Station.Core.Orbits;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>The satellite properties: the sequencer's pass, its window and TLE, and a client's TLE as the target.</summary>
public sealed partial class IndiMountDevice
{
    private void UpdateSatellite(IndiHub hub)
    {
        if (_sequencer is null)
        {
            return;
        }

        var pass = _sequencer.CurrentPass ?? _sequencer.NextPass();
        var sequencerState = _sequencer.State;
        Sequencer["STATE"].Text = sequencerState.ToString();
        Sequencer["SATELLITE"].Text = pass is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{pass.Name} ({pass.CatalogNumber}) max el {pass.MaxElevationDeg:0.#}°");
        Sequencer.State = IndiState.Ok;
        hub.PublishIfChanged(Sequencer);

        PassWindow["SAT_PASS_WIN_START"].Text = pass?.AosUtc is { } aos ? aos.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
        PassWindow["SAT_PASS_WIN_END"].Text = pass?.LosUtc is { } los ? los.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
        PassWindow.State = pass is null ? IndiState.Idle : IndiState.Ok;
        hub.PublishIfChanged(PassWindow);

        Tle["TLE"].Text = _tles.FirstOrDefault(t => t.Catalog == pass?.CatalogNumber).Text ?? (_tles.Count > 0 ? _tles[0].Text : "");
        Tle.State = Tle["TLE"].Text.Length > 0 ? IndiState.Ok : IndiState.Idle;
        hub.PublishIfChanged(Tle);

        bool inPass = _sequencer.CurrentPass is not null && sequencerState != Core.Sequencing.SequencerState.Idle;
        SetSwitches(Tracking, inPass ? "SAT_TRACK" : "SAT_HALT");
        Tracking.State = inPass ? IndiState.Busy : IndiState.Ok;
        hub.PublishIfChanged(Tracking);
    }

    /// <summary>
    /// A client's TLE (an optional name line and lines 1 and 2, checksums enforced) becomes the sequencer's target; an
    /// empty text returns to the schedule. Anything else is refused with the parser's reason and changes nothing.
    /// </summary>
    private void SetTarget(string text, IndiHub hub)
    {
        if (_sequencer is null)
        {
            hub.Refuse(Tle, "no pass sequencer runs here (no schedule); the TLE was not used");
            return;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            _sequencer.ClearTarget();
            _tles.Clear();
            _tles.AddRange(ReadTles(_tlePath)); // the schedule's element sets again
            Tle.State = IndiState.Ok;
            hub.Publish(Tle, "target cleared: the schedule's catalogue and priorities choose the passes again");
            return;
        }

        string lines = text.Replace("\\n", "\n", StringComparison.Ordinal).Trim(); // indi_setprop users write line breaks as \n
        var catalog = TleCatalog.Parse(lines);
        if (catalog.Errors.Count > 0 || catalog.ElementSets.Count != 1)
        {
            string why = catalog.Errors.Count > 0 ? catalog.Errors[0].Message : string.Create(CultureInfo.InvariantCulture, $"{catalog.ElementSets.Count} element sets");
            hub.Refuse(Tle, $"SAT_TLE_TEXT.TLE: {why}; expected one element set (an optional name line, then lines 1 and 2 with valid checksums); the target was not changed");
            return;
        }

        var elements = catalog.ElementSets[0];
        var next = _sequencer.SetTarget(elements); // predicts the catalogue's passes on this thread: a large catalogue holds the hub a moment
        _tles.RemoveAll(t => t.Catalog == elements.CatalogNumber);
        _tles.Insert(0, (elements.CatalogNumber, lines));
        Tle.State = IndiState.Ok;
        hub.Publish(Tle, next is null
            ? string.Create(CultureInfo.InvariantCulture, $"target {elements.CatalogNumber}: no pass the schedule's rules allow in the lookahead window yet")
            : string.Create(CultureInfo.InvariantCulture, $"target {elements.CatalogNumber}: next pass AOS {next.StartUtc:yyyy-MM-ddTHH:mm:ss}Z, max el {next.MaxElevationDeg:0.#}°"));
    }

    /// <summary>The element sets of the schedule's TLE file (read once at start-up), each as the text a client shows.</summary>
    private static List<(int Catalog, string Text)> ReadTles(string? path)
    {
        var sets = new List<(int, string)>();
        if (path is not { Length: > 0 } || !File.Exists(path))
        {
            return sets;
        }

        var lines = File.ReadLines(path).Take(3000).Select(l => l.TrimEnd()).ToList();
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            if (lines[i].StartsWith("1 ", StringComparison.Ordinal) && lines[i + 1].StartsWith("2 ", StringComparison.Ordinal) && lines[i].Length >= 7)
            {
                string name = i > 0 && !lines[i - 1].StartsWith("2 ", StringComparison.Ordinal) ? lines[i - 1] + "\n" : "";
                int.TryParse(lines[i].AsSpan(2, 5), NumberStyles.Integer, CultureInfo.InvariantCulture, out int catalog);
                sets.Add((catalog, name + lines[i] + "\n" + lines[i + 1]));
            }
        }

        return sets;
    }
}
