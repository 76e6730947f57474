using Station.Devices.Tmc5160;
using Driver = Station.Devices.Tmc5160.Tmc5160;

namespace Station.Devices.Tests.Tmc5160;

/// <summary>The TMC5160 has no CRC: what the binding checks instead, with scripted replies.</summary>
public sealed class Tmc5160PlausibilityTests
{
    private const byte Standstill = 0x08;

    internal static byte[] Reply(byte status, uint data) =>
        [status, (byte)(data >> 24), (byte)(data >> 16), (byte)(data >> 8), (byte)data];

    [Fact]
    public void A_confirmed_read_takes_three_datagrams_and_accepts_two_agreeing_replies()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue(Reply(Standstill, 0xDEADBEEF));
        spi.Replies.Enqueue(Reply(Standstill, 1234));
        spi.Replies.Enqueue(Reply(Standstill, 1234));
        using var tmc = new Driver(spi);

        Assert.Equal(1234, tmc.ActualPosition);
        Assert.Equal(3, spi.Sent.Count);
        Assert.Equal(0, tmc.RetryCount);
    }

    [Fact]
    public void Disagreeing_reads_are_retried_and_the_retry_is_counted()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue(Reply(Standstill, 0));
        spi.Replies.Enqueue(Reply(Standstill, 1234));
        spi.Replies.Enqueue(Reply(Standstill, 1234 ^ 0x0100_0000)); // one flipped bit
        spi.Replies.Enqueue(Reply(Standstill, 0));
        spi.Replies.Enqueue(Reply(Standstill, 1234));
        spi.Replies.Enqueue(Reply(Standstill, 1234));
        using var tmc = new Driver(spi);

        Assert.Equal(1234, tmc.ActualPosition);
        Assert.Equal(1, tmc.RetryCount);
        Assert.Equal(6, spi.Sent.Count);
    }

    [Fact]
    public void All_ones_replies_mean_no_response_and_throw_naming_the_device_after_the_retries()
    {
        var spi = new RecordingSpiDevice();
        for (int i = 0; i < 10; i++)
        {
            spi.Replies.Enqueue(Reply(0xFF, 0xFFFF_FFFF));
        }

        using var tmc = new Driver(spi, name: "filter_wheel_nd", maxRetries: 3);
        var error = Assert.Throws<Tmc5160NoResponseException>(() => tmc.ReadRampStatus());

        Assert.Equal("filter_wheel_nd", error.DeviceName);
        Assert.Equal(Tmc5160Register.RampStat, error.Register);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(3, tmc.RetryCount);
        Assert.Contains("filter_wheel_nd does not answer", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, spi.Sent.Count); // each attempt stops at the first all-ones reply
    }

    [Fact]
    public void A_write_that_gets_no_answer_is_also_reported_as_no_response()
    {
        var spi = new RecordingSpiDevice();
        for (int i = 0; i < 3; i++)
        {
            spi.Replies.Enqueue(Reply(0xFF, 0xFFFF_FFFF));
        }

        using var tmc = new Driver(spi, name: "az_motor");
        var error = Assert.Throws<Tmc5160NoResponseException>(() => tmc.TargetPosition = 10);
        Assert.Equal(Tmc5160Register.XTarget, error.Register);
        Assert.Equal(3, error.Attempts);
    }

    [Fact]
    public void Reserved_bits_in_a_reply_are_garbage_and_exhausting_the_retries_throws_a_communication_error()
    {
        var spi = new RecordingSpiDevice();
        for (int i = 0; i < 3; i++)
        {
            spi.Replies.Enqueue(Reply(Standstill, 0));
            spi.Replies.Enqueue(Reply(Standstill, 0x0001_0000)); // GSTAT has three bits; bit 16 cannot be set
        }

        using var tmc = new Driver(spi, name: "az_motor");
        var error = Assert.Throws<Tmc5160CommunicationException>(() => tmc.ReadGlobalStatus());
        Assert.Contains("reserved bits set in 0x00010000", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Attempts);
    }

    [Fact]
    public void A_status_byte_that_contradicts_RAMP_STAT_is_garbage()
    {
        var spi = new RecordingSpiDevice();
        for (int i = 0; i < 3; i++)
        {
            spi.Replies.Enqueue(Reply(Standstill, 0));
            spi.Replies.Enqueue(Reply(Standstill | 0x20, 0x0000_0400)); // status: position_reached; RAMP_STAT: not
        }

        using var tmc = new Driver(spi);
        var error = Assert.Throws<Tmc5160CommunicationException>(() => tmc.ReadRampStatus());
        Assert.Contains("status byte 0x28 contradicts the register value 0x00000400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_confirmed_write_compares_the_echo_and_rewrites_when_it_differs()
    {
        var spi = new RecordingSpiDevice();
        spi.Replies.Enqueue(Reply(Standstill, 0)); // reply to the write
        spi.Replies.Enqueue(Reply(Standstill, 0x0000_1001)); // echo garbled
        spi.Replies.Enqueue(Reply(Standstill, 0)); // second write
        spi.Replies.Enqueue(Reply(Standstill, 0x0000_1000)); // echo right
        using var tmc = new Driver(spi);

        tmc.TargetPosition = 0x1000;

        Assert.Equal(1, tmc.RetryCount);
        Assert.Equal(4, spi.Sent.Count);
        Assert.Equal(new byte[] { 0xAD, 0, 0, 0x10, 0 }, spi.Sent[2]);
        Assert.Equal(new byte[] { 0x04, 0, 0, 0, 0 }, spi.Sent[3]); // the echo is fetched by reading IOIN
    }

    [Fact]
    public void While_moving_XACTUAL_may_advance_between_the_two_reads_by_what_VMAX_allows_in_the_confirm_window()
    {
        var spi = new RecordingSpiDevice();
        using var tmc = new Driver(spi) { ConfirmWrites = false };
        spi.Replies.Enqueue(Reply(Standstill, 0));
        tmc.WriteRegister(Tmc5160Register.VMax, 100_000); // ≈ 71,526 microsteps/s: 144 in 2 ms
        spi.Replies.Enqueue(Reply(Standstill, 0));
        tmc.WriteRegister(Tmc5160Register.VMax, 100_000);

        spi.Replies.Enqueue(Reply(0, 0));
        spi.Replies.Enqueue(Reply(0, 50_000));
        spi.Replies.Enqueue(Reply(0, 50_100));
        Assert.Equal(50_100, tmc.ActualPosition);

        spi.Replies.Enqueue(Reply(0, 0));
        spi.Replies.Enqueue(Reply(0, 50_000));
        spi.Replies.Enqueue(Reply(0, 50_000 + 4096)); // a flipped bit 12: more than the ramp can move
        spi.Replies.Enqueue(Reply(0, 0));
        spi.Replies.Enqueue(Reply(0, 50_200));
        spi.Replies.Enqueue(Reply(0, 50_210));
        Assert.Equal(50_210, tmc.ActualPosition);
        Assert.Equal(1, tmc.RetryCount);
    }

    [Fact]
    public void At_standstill_the_two_reads_of_XACTUAL_must_agree_exactly()
    {
        var spi = new RecordingSpiDevice();
        for (int i = 0; i < 3; i++)
        {
            spi.Replies.Enqueue(Reply(Standstill, 0));
            spi.Replies.Enqueue(Reply(Standstill, 7000));
            spi.Replies.Enqueue(Reply(Standstill, 7001));
        }

        using var tmc = new Driver(spi, maxRetries: 2);
        var error = Assert.Throws<Tmc5160CommunicationException>(() => tmc.ActualPosition);
        Assert.Contains("two reads disagreed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_retry_counts_are_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Driver(new RecordingSpiDevice(), maxRetries: 11));
        Assert.Contains("Retries must be 0–10", error.Message, StringComparison.Ordinal);
    }
}
