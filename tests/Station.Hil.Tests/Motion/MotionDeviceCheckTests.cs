using Station.Cli.Devices;
using Station.Devices.Board;

namespace Station.Hil.Tests.Motion;

/// <summary><c>stationctl devices check</c> covers the motion group: encoders and filter wheels, each passing.</summary>
public sealed class MotionDeviceCheckTests
{
    [Theory]
    [InlineData(DeviceId.AzEncoder, "SPI1 CS0", "BiSS-C frame CRC ok")]
    [InlineData(DeviceId.ElEncoder, "SPI1 CS1", "BiSS-C frame CRC ok")]
    [InlineData(DeviceId.FilterWheelSpectral, "SPI0 CS2", "slot3 in the beam")]
    [InlineData(DeviceId.FilterWheelNd, "SPI0 CS3", "slot3 in the beam")]
    public void Each_motion_device_has_a_passing_check(string deviceId, string bus, string detail)
    {
        var results = DeviceCheckRunner.RunAll(PinMapLoader.LoadDefault(), MotionTestStation.Start);
        var result = Assert.Single(results, r => r.DeviceId == deviceId);
        Assert.True(result.Passed, result.Detail);
        Assert.Equal(bus, result.Bus);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }
}
