using Station.Firmware.Interfaces.Rotctld;

namespace Station.Interop.Tests.Rotctld;

/// <summary>The rotctld protocol as hamlib's rotctld speaks it (checked against rotctld 4.5 with the dummy rotator).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class RotctldProtocolTests : IAsyncLifetime
{
    private FakeRotctldServer _server = null!;
    private RotctldTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = new FakeRotctldServer();
        _client = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Get_pos_answers_azimuth_and_elevation_one_per_line()
    {
        Assert.Equal(["123.500000", "45.250000"], await _client.AskAsync("p", 2));
        Assert.Equal(["123.500000", "45.250000"], await _client.AskAsync("\\get_pos", 2));
    }

    [Fact]
    public async Task Extended_responses_echo_the_command_name_values_as_key_value_and_end_with_RPRT()
    {
        Assert.Equal(["get_pos:", "Azimuth: 123.500000", "Elevation: 45.250000", "RPRT 0"], await _client.AskAsync("+p", 4));
        Assert.Equal(["set_pos: 200 30", "RPRT 0"], await _client.AskAsync("+P 200 30", 2));
        Assert.Equal(["get_pos:;Azimuth: 123.500000;Elevation: 45.250000;RPRT 0"], await _client.AskAsync(";p"));
        Assert.Equal(["get_pos:|Azimuth: 123.500000|Elevation: 45.250000|RPRT 0"], await _client.AskAsync("|\\get_pos"));
        Assert.Equal(["stop:", "RPRT 0"], await _client.AskAsync("+S", 2));
        Assert.Equal(["park:", "RPRT 0"], await _client.AskAsync("+\\park", 2));
        Assert.Equal(["get_info:", "Info: Fake rotator: Idle", "RPRT 0"], await _client.AskAsync("+_", 3));
    }

    [Fact]
    public async Task Set_pos_stop_and_park_answer_RPRT_0_and_reach_the_rotator()
    {
        Assert.Equal(["RPRT 0"], await _client.AskAsync("P 200 30"));
        Assert.Equal(200, _server.Rotator.LastTarget!.Value.Azimuth.Degrees, 9);
        Assert.Equal(30, _server.Rotator.LastTarget!.Value.Elevation.Degrees, 9);
        Assert.Equal(["RPRT 0"], await _client.AskAsync("\\set_pos -90.5 10"));
        Assert.Equal(-90.5, _server.Rotator.LastTarget!.Value.Azimuth.Degrees, 9);
        Assert.Equal(["RPRT 0"], await _client.AskAsync("S"));
        Assert.Equal(["RPRT 0"], await _client.AskAsync("K"));
        Assert.Equal((2, 1, 1), (_server.Rotator.SetPositions, _server.Rotator.Stops, _server.Rotator.Parks));
    }

    [Fact]
    public async Task A_refused_position_answers_RPRT_minus_9()
    {
        _server.Rotator.NextReply = RotatorReply.Refused("target refused: it is 8.66° from the sun, inside the 30° exclusion cone");
        Assert.Equal(["RPRT -9"], await _client.AskAsync("P 180 20"));
    }

    [Fact]
    public async Task Get_info_answers_one_line()
    {
        Assert.Equal(["Fake rotator: Idle"], await _client.AskAsync("_"));
    }

    [Fact]
    public async Task Dump_state_is_protocol_1_key_value_lines_ended_by_done()
    {
        Assert.Equal(
            ["1", "2", "min_az=-180.000000", "max_az=450.000000", "min_el=0.000000", "max_el=90.000000", "south_zero=0", "rot_type=AzEl", "done"],
            await _client.AskAsync("\\dump_state", 9));
    }

    [Theory]
    [InlineData("P abc 30")]
    [InlineData("P 200")]
    [InlineData("P")]
    [InlineData("P NaN 30")]
    [InlineData("P Infinity 30")]
    [InlineData("P 1e999 30")]
    [InlineData("P 200 95")]
    [InlineData("P 500 30")]
    [InlineData("P 0x10 30")]
    [InlineData("\\set_pos 200 -45")]
    public async Task Malformed_or_out_of_range_numbers_answer_RPRT_minus_1_and_move_nothing(string command)
    {
        Assert.Equal(["RPRT -1"], await _client.AskAsync(command));
        Assert.Equal(0, _server.Rotator.MotionCommands);
        Assert.Equal(["123.500000", "45.250000"], await _client.AskAsync("p", 2)); // the session goes on
    }

    [Fact]
    public async Task A_decimal_comma_from_a_localised_client_is_read_as_a_decimal_point()
    {
        Assert.Equal(["RPRT 0"], await _client.AskAsync("P 200,5 30,25"));
        Assert.Equal(200.5, _server.Rotator.LastTarget!.Value.Azimuth.Degrees, 9);
    }

    [Theory]
    [InlineData("X", "RPRT -8")]
    [InlineData("\\frobnicate", "RPRT -8")]
    [InlineData("+", "RPRT -8")]
    [InlineData("M 2 50", "RPRT -11")]
    [InlineData("\\reset 1", "RPRT -11")]
    [InlineData("C min_az=0", "RPRT -11")]
    public async Task Unknown_commands_answer_EPROTO_and_unsupported_ones_ENAVAIL(string command, string answer)
    {
        Assert.Equal([answer], await _client.AskAsync(command));
        Assert.Equal(0, _server.Rotator.MotionCommands);
    }

    [Fact]
    public async Task Blank_lines_are_ignored_carriage_returns_tolerated_and_pipelined_commands_answered_in_order()
    {
        await _client.SendAsync("\n\r\n  \np\r\n_\nS\n");
        Assert.Equal("123.500000", await _client.ReadLineAsync());
        Assert.Equal("45.250000", await _client.ReadLineAsync());
        Assert.Equal("Fake rotator: Idle", await _client.ReadLineAsync());
        Assert.Equal("RPRT 0", await _client.ReadLineAsync());
    }

    [Fact]
    public async Task Quit_closes_the_connection_without_an_answer()
    {
        await _client.SendAsync("q\n");
        Assert.Equal("", await _client.ReadToEndAsync());
    }
}
