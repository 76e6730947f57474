using System.Device.Spi;
using Station.Devices.AbsoluteEncoder;
using Encoder = Station.Devices.AbsoluteEncoder.AbsoluteEncoder;

namespace Station.Devices.Tests.AbsoluteEncoder;

/// <summary>The BiSS-C frame decoding, against frames built by hand (CRCs from an independent long division).</summary>
public sealed class AbsoluteEncoderFrameTests
{
    /// <summary>12,345,678 counts, nE = nW = 1, CRC 0x30: idle 1, two ack 0s, start 1, CDS 0, data, CRC, zeros.</summary>
    private static readonly byte[] Frame12345678 = [0x91, 0x78, 0xC2, 0x9D, 0xE0, 0x00];

    [Theory]
    [InlineData(0x0000000u, true, true, 0x3A)]
    [InlineData(0x2ABCDEFu, true, true, 0x27)]
    [InlineData(0x3FFFFFFu, true, false, 0x21)]
    [InlineData(0x0BC614Eu, false, true, 0x36)]
    [InlineData(0x2000000u, true, true, 0x28)]
    public void The_CRC_is_BiSS_CRC6_x6_x_1_inverted_over_position_nE_nW(uint position, bool nE, bool nW, int crc)
    {
        uint data = (position << 2) | (nE ? 2u : 0) | (nW ? 1u : 0);
        Assert.Equal(crc, Encoder.Crc6(data));
    }

    [Fact]
    public void A_hand_built_frame_decodes_to_its_position_and_flags()
    {
        var reading = Encoder.Decode(Frame12345678);
        Assert.Equal(AbsoluteEncoderFrameStatus.Ok, reading.Status);
        Assert.Equal(12_345_678, reading.Counts);
        Assert.False(reading.Error);
        Assert.False(reading.Warning);
        Assert.Equal(2, reading.AckBits);
        Assert.Equal(12_345_678 * 2 * Math.PI / 67_108_864, reading.Angle.Radians, 12);
    }

    [Fact]
    public void Every_single_bit_flip_after_the_start_bit_is_caught_by_the_CRC()
    {
        for (int bit = 5; bit < 5 + 28 + 6; bit++) // 28 data bits and 6 CRC bits after idle, ack, start, CDS
        {
            byte[] frame = [.. Frame12345678];
            frame[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            var reading = Encoder.Decode(frame);
            Assert.NotEqual(AbsoluteEncoderFrameStatus.Ok, reading.Status);
        }
    }

    [Fact]
    public void All_ones_is_no_response_all_zeros_is_no_start_bit_and_a_late_start_is_truncated()
    {
        Assert.Equal(AbsoluteEncoderFrameStatus.NoResponse, Encoder.Decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).Status);
        Assert.Equal(AbsoluteEncoderFrameStatus.NoStartBit, Encoder.Decode(new byte[6]).Status);
        Assert.Equal(AbsoluteEncoderFrameStatus.Truncated, Encoder.Decode([0x80, 0x00, 0x10, 0x00, 0x00, 0x00]).Status);
        var error = Assert.Throws<ArgumentException>(() => Encoder.Decode(new byte[5]));
        Assert.Contains("6 bytes; got 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_retries_a_bad_frame_and_returns_the_good_one()
    {
        var spi = new ScriptedSpi(SpiMode.Mode2);
        byte[] bad = [.. Frame12345678];
        bad[3] ^= 0x04;
        spi.Replies.Enqueue(bad);
        spi.Replies.Enqueue(Frame12345678);
        using var encoder = new Encoder(spi, "az_encoder");
        Assert.Equal(12_345_678, encoder.Read().Counts);
        Assert.Equal(1, encoder.RetryCount);
        Assert.Equal(2, encoder.FrameCount);
        Assert.All(spi.Sent, s => Assert.Equal(new byte[6], s)); // MOSI is not used: zeros
    }

    [Fact]
    public void The_binding_refuses_the_wrong_SPI_mode_or_a_clock_above_BiSS_C()
    {
        var mode = Assert.Throws<ArgumentException>(() => new Encoder(new ScriptedSpi(SpiMode.Mode0)));
        Assert.Contains("needs SPI mode 2", mode.Message, StringComparison.Ordinal);
        var clock = Assert.Throws<ArgumentException>(() => new Encoder(new ScriptedSpi(SpiMode.Mode2, 20_000_000)));
        Assert.Contains("at most 10000000 Hz", clock.Message, StringComparison.Ordinal);
    }

    /// <summary>An SPI device that answers with queued frames.</summary>
    private sealed class ScriptedSpi(SpiMode mode, int clockHz = 2_000_000) : SpiDevice
    {
        private readonly SpiConnectionSettings _settings = new(1, 0) { Mode = mode, ClockFrequency = clockHz };

        public Queue<byte[]> Replies { get; } = new();

        public List<byte[]> Sent { get; } = [];

        public override SpiConnectionSettings ConnectionSettings => _settings;

        public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            Sent.Add(writeBuffer.ToArray());
            Replies.Dequeue().CopyTo(readBuffer);
        }

        public override void Read(Span<byte> buffer) => throw new NotSupportedException();

        public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException();
    }
}
