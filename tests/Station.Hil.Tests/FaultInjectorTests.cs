using Station.Core.Timing;
using Station.Emulator.Faults;

namespace Station.Hil.Tests;

public sealed class FaultInjectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 19, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_scheduled_fault_is_active_only_during_its_span_and_only_on_its_device()
    {
        var time = new SimulatedTimeProvider(Start);
        var faults = new FaultInjector(time);
        faults.Schedule(FaultKind.EncoderFrozen, "az_encoder", Start.AddSeconds(10), TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.False(faults.IsActive(FaultKind.EncoderFrozen, "az_encoder"));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(faults.IsActive(FaultKind.EncoderFrozen, "az_encoder"));
        Assert.False(faults.IsActive(FaultKind.EncoderFrozen, "el_encoder"));
        Assert.False(faults.IsActive(FaultKind.SpiCrc, "az_encoder"));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(faults.IsActive(FaultKind.EncoderFrozen, "az_encoder"));
    }

    [Fact]
    public void Clear_ends_an_open_ended_fault_now_and_drops_future_ones()
    {
        var time = new SimulatedTimeProvider(Start);
        var faults = new FaultInjector(time);
        faults.InjectNow(FaultKind.Estop, "interlocks");
        faults.Schedule(FaultKind.Estop, "interlocks", Start.AddHours(2), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromHours(1));
        Assert.True(faults.IsActive(FaultKind.Estop, "interlocks"));

        faults.Clear(FaultKind.Estop, "interlocks");

        Assert.False(faults.IsActive(FaultKind.Estop, "interlocks"));
        Assert.Single(faults.Scheduled);
    }

    [Fact]
    public void Fault_names_round_trip_and_unknown_names_list_the_valid_ones()
    {
        Assert.Equal(11, FaultNames.All.Count);
        Assert.All(FaultNames.All, name => Assert.Equal(name, FaultNames.NameOf(FaultNames.Parse(name))));
        var error = Assert.Throws<FormatException>(() => FaultNames.Parse("meteor"));
        Assert.Contains("Unknown fault 'meteor'; expected one of: spi_crc, no_response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_duration_is_refused()
    {
        var faults = new FaultInjector(new SimulatedTimeProvider(Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Schedule(FaultKind.PpsLoss, "gnss", Start, TimeSpan.FromSeconds(-1)));
        Assert.Empty(faults.Scheduled);
    }
}
