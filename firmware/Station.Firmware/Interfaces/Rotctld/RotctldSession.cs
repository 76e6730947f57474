using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using UnitsNet;

namespace Station.Firmware.Interfaces.Rotctld;

/// <summary>
/// One client connection: reads command lines, answers each in order. A line longer than
/// <see cref="RotctldOptions.MaxLineBytes"/> is answered <c>RPRT -8</c> and ends the session; <c>q</c> ends it quietly.
/// Nothing here blocks other clients: each session awaits only its own socket and the rotator.
/// </summary>
internal sealed partial class RotctldSession(Stream stream, IPAddress remote, IRotator rotator, RotctldOptions options, ILogger logger)
{
    private const int ReceiveBufferBytes = 4096;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var receive = new byte[ReceiveBufferBytes];
        var line = new byte[options.MaxLineBytes];
        int lineLength = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            int read = await stream.ReadAsync(receive, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return; // the client closed
            }

            for (int i = 0; i < read; i++)
            {
                byte b = receive[i];
                if (b == (byte)'\n')
                {
                    string text = Encoding.Latin1.GetString(line, 0, lineLength);
                    lineLength = 0;
                    if (!await HandleLineAsync(text, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                else if (lineLength == line.Length)
                {
                    LogLineTooLong(remote, options.MaxLineBytes);
                    await WriteAsync(RotctldResponse.Report(HamlibError.Protocol), cancellationToken).ConfigureAwait(false);
                    return;
                }
                else if (b != (byte)'\r')
                {
                    line[lineLength++] = b;
                }
            }
        }
    }

    /// <summary>Answers one line; false when the session ends (quit).</summary>
    private async ValueTask<bool> HandleLineAsync(string text, CancellationToken cancellationToken)
    {
        if (RotctldRequest.Parse(text) is not { } request)
        {
            return true;
        }

        if (request.Verb == RotctldVerb.Quit)
        {
            return false;
        }

        var (error, values, returnsValues) = await ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        await WriteAsync(RotctldResponse.Format(request, error, values, returnsValues), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<(HamlibError Error, IReadOnlyList<(string Key, string Value)> Values, bool ReturnsValues)> ExecuteAsync(RotctldRequest request, CancellationToken cancellationToken)
    {
        switch (request.Verb)
        {
            case RotctldVerb.GetPosition:
                var position = rotator.GetPosition();
                if (position.Error != HamlibError.Ok)
                {
                    LogPositionUnavailable(remote, position.Reason ?? "");
                    return (position.Error, [], true);
                }

                return (HamlibError.Ok, [("Azimuth", RotctldResponse.Degrees(position.Position.Azimuth)), ("Elevation", RotctldResponse.Degrees(position.Position.Elevation))], true);

            case RotctldVerb.SetPosition:
                if (!request.TryGetDegrees(0, out double az) || !request.TryGetDegrees(1, out double el))
                {
                    LogMalformed(remote, request.Arguments);

                    return (HamlibError.InvalidParameter, [], false);
                }

                var azimuth = Angle.FromDegrees(az);
                var elevation = Angle.FromDegrees(el);
                if (!rotator.Range.Contains(azimuth, elevation))
                {
                    LogOutOfRange(remote, az, el);
                    return (HamlibError.InvalidParameter, [], false);
                }

                return (Log("set_pos", await rotator.SetPositionAsync(azimuth, elevation, cancellationToken).ConfigureAwait(false)), [], false);

            case RotctldVerb.Stop:
                return (Log("stop", await rotator.StopAsync(cancellationToken).ConfigureAwait(false)), [], false);

            case RotctldVerb.Park:
                return (Log("park", await rotator.ParkAsync(cancellationToken).ConfigureAwait(false)), [], false);

            case RotctldVerb.GetInfo:
                return (HamlibError.Ok, [("Info", rotator.Describe())], true);

            case RotctldVerb.DumpState:
                return (HamlibError.Ok, RotctldResponse.DumpState(rotator.Range), true);

            case RotctldVerb.Unsupported:
                return (HamlibError.NotAvailable, [], false);

            default:
                return (HamlibError.Protocol, [], false);
        }
    }

    private HamlibError Log(string command, RotatorReply reply)
    {
        if (reply.Error != HamlibError.Ok)
        {
            LogRefused(remote, command, reply.Reason ?? reply.Error.ToString());
        }

        return reply.Error;
    }

    private async ValueTask WriteAsync(string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotctld {Remote}: {Command} refused: {Reason}")]
    private partial void LogRefused(IPAddress remote, string command, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "rotctld {Remote}: set_pos with malformed arguments {Arguments} (RPRT -1, nothing moved)")]
    private partial void LogMalformed(IPAddress remote, IReadOnlyList<string> arguments);

    [LoggerMessage(Level = LogLevel.Information, Message = "rotctld {Remote}: set_pos az {Az} el {El} outside the advertised range (RPRT -1, nothing moved)")]
    private partial void LogOutOfRange(IPAddress remote, double az, double el);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rotctld {Remote}: line longer than {MaxBytes} bytes; disconnecting")]
    private partial void LogLineTooLong(IPAddress remote, int maxBytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "rotctld {Remote}: position unavailable: {Reason}")]
    private partial void LogPositionUnavailable(IPAddress remote, string reason);
}
