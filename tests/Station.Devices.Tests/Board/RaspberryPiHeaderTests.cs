using Station.Devices.Board;

namespace Station.Devices.Tests.Board;

public sealed class RaspberryPiHeaderTests
{
    [Fact]
    public void Header_has_40_pins_and_every_bcm_line_once()
    {
        Assert.Equal(Enumerable.Range(1, 40), RaspberryPiHeader.Pins.Select(pin => pin.Physical));
        Assert.Equal(Enumerable.Range(0, 28), RaspberryPiHeader.Pins.Where(pin => pin.Bcm is not null).Select(pin => pin.Bcm!.Value).Order());
    }

    [Fact]
    public void Power_and_ground_pins_match_the_pi_4_header()
    {
        int[] ground = [6, 9, 14, 20, 25, 30, 34, 39];
        Assert.Equal(ground, RaspberryPiHeader.Pins.Where(pin => pin.Kind == HeaderPinKind.Ground).Select(pin => pin.Physical));
        Assert.Equal([1, 17], RaspberryPiHeader.Pins.Where(pin => pin.Kind == HeaderPinKind.Power3V3).Select(pin => pin.Physical));
        Assert.Equal([2, 4], RaspberryPiHeader.Pins.Where(pin => pin.Kind == HeaderPinKind.Power5V).Select(pin => pin.Physical));
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(8, 24)]
    [InlineData(10, 19)]
    [InlineData(18, 12)]
    [InlineData(21, 40)]
    [InlineData(0, 27)]
    public void Bcm_line_maps_to_its_physical_pin(int bcm, int physical)
    {
        Assert.Equal(physical, RaspberryPiHeader.PinForBcm(bcm).Physical);
    }
}
