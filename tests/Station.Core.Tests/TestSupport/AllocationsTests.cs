using Station.Tests.Shared;

namespace Station.Core.Tests.TestSupport;

/// <summary>The zero-allocation tests rest on <see cref="Allocations.Fewest"/>: it must still see code that allocates on every run.</summary>
public sealed class AllocationsTests
{
    private static object? _kept;

    [Fact]
    public void An_allocation_on_every_run_is_seen()
    {
        int runs = 0;
        long fewest = Allocations.Fewest(() =>
        {
            runs++;
            _kept = new byte[100];
        });

        Assert.InRange(fewest, 100, 200);
        Assert.Equal(3, runs);
    }

    [Fact]
    public void A_one_off_allocation_in_the_first_run_is_not_counted_and_a_clean_run_ends_the_measurement()
    {
        int runs = 0;
        long fewest = Allocations.Fewest(() =>
        {
            if (runs++ == 0)
            {
                _kept = new byte[100];
            }
        });

        Assert.Equal(0, fewest);
        Assert.Equal(2, runs);
    }
}
