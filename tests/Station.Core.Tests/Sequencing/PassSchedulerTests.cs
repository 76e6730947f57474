using Station.Core.Sequencing;
using Xunit;
using static Station.Core.Tests.Sequencing.PassSequencerTests;

namespace Station.Core.Tests.Sequencing;

public sealed class PassSchedulerTests
{
    private static readonly DateTime T0 = new(2016, 12, 29, 17, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_earliest_pass_that_meets_the_rules_is_chosen()
    {
        var rules = new PassSchedulingRules { MinMaxElevationDeg = 30 };
        var passes = new[] { Pass(1, 30, 8), Pass(2, 10, 8, maxEl: 25), Pass(3, 20, 8, dark: false), Pass(4, 40, 8) };
        Assert.Equal(1, PassScheduler.ChooseNext(passes, T0, rules)!.CatalogNumber);
        Assert.Equal(3, PassScheduler.ChooseNext(passes, T0, rules with { NightOnly = false })!.CatalogNumber);
    }

    [Fact]
    public void A_higher_priority_pass_wins_over_an_overlapping_earlier_one_but_not_over_a_separate_one()
    {
        var rules = new PassSchedulingRules { Priority = [7, 5] };
        Assert.Equal(7, PassScheduler.ChooseNext([Pass(5, 10, 8), Pass(7, 16, 8)], T0, rules)!.CatalogNumber);
        Assert.Equal(5, PassScheduler.ChooseNext([Pass(5, 10, 8), Pass(7, 40, 8)], T0, rules)!.CatalogNumber);
        Assert.Null(PassScheduler.ChooseNext([Pass(9, 10, 8)], T0, rules)); // not in the priority list
    }

    [Fact]
    public void A_pass_in_progress_is_joined_only_while_enough_of_it_remains()
    {
        var rules = new PassSchedulingRules();
        var pass = Pass(1, -5, 8);
        Assert.NotNull(PassScheduler.ChooseNext([pass], T0, rules));
        Assert.Null(PassScheduler.ChooseNext([pass], T0.AddMinutes(2.6), rules));
    }

    [Theory]
    [InlineData(-1.0, "MinMaxElevationDeg")]
    [InlineData(91.0, "MinMaxElevationDeg")]
    public void Bad_rules_are_refused_naming_the_rule(double minEl, string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new PassSchedulingRules { MinMaxElevationDeg = minEl }.Validate());
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_priority_entry_is_refused_with_its_index()
    {
        var error = Assert.Throws<ArgumentException>(() => new PassSequencer(new PassSchedulingRules { Priority = [5, 5] }));
        Assert.Contains("Schedule.Priority[1] = 5", error.Message, StringComparison.Ordinal);
    }
}
