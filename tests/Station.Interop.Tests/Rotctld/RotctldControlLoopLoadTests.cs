using System.Globalization;
using Xunit.Abstractions;

namespace Station.Interop.Tests.Rotctld;

/// <summary>
/// The control loop's step timing with and without 50 rotctld clients polling <c>p</c> at 10 Hz (see
/// <see cref="ControlLoopLoad"/>); every answer must be the mount's unchanged position.
/// </summary>
[Collection(ControlLoopMeasurement.Name)]
public sealed class RotctldControlLoopLoadTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Long")]
    public async Task Fifty_clients_polling_p_at_10_Hz_leave_the_control_loop_and_the_mount_undisturbed()
    {
        await using var firmware = await EmulatedFirmware.StartAsync();
        await ControlLoopLoad.MeasureAsync(firmware, output, "clients polling p",
            () => RotctldTestClient.ConnectAsync(firmware.Server.LocalEndpoint!),
            async client =>
            {
                var answer = await client.AskAsync("p", 2);
                // The homed, idle mount rests at its index switches: az ≈ 0/360°, el ≈ 45°.
                bool right = double.TryParse(answer[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double el) && Math.Abs(el - 45) < 0.1;
                return right ? PollOutcome.Correct : new PollOutcome(false, string.Join('|', answer));
            });
    }
}

/// <summary>The measurement runs alone, after the other tests: their load would be measured too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ControlLoopMeasurement
{
    public const string Name = "control-loop measurement";
}
