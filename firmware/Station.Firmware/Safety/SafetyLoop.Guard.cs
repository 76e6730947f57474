using Microsoft.Extensions.Logging;
using Station.Core.Safety;
using Station.Firmware.Telemetry;

namespace Station.Firmware.Safety;

/// <summary>The gate guard for services that disturb the optics, and the audit trail of permission changes.</summary>
public sealed partial class SafetyLoop
{
    /// <summary>Gates every channel off now (GPIO, no SPI); the gates stay off until every hold is disposed.</summary>
    /// <exception cref="IOException">A master enable could not be written: the caller must not disturb the optics.</exception>
    public IDisposable HoldGatesOff(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _holds++;
            try
            {
                _board.SetAllMasterEnables(false);
                _appliedGates = 0;
            }
            catch
            {
                _holds--;
                throw;
            }

            LogGateHold(reason, _holds);
            WriteEvent(_time.GetUtcNow(), "gate_hold", "detector gates held off: " + reason);
            return new GateHold(this, reason);
        }
    }

    private void ReleaseHold(string reason)
    {
        lock (_gate)
        {
            _holds--;
            LogGateHoldReleased(reason, _holds);
        }
    }

    private sealed class GateHold(SafetyLoop loop, string reason) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                loop.ReleaseHold(reason);
            }
        }
    }

    /// <summary>Audit trail: every permission change to the log and the telemetry journal.</summary>
    private sealed class AuditSink(SafetyLoop loop) : IPermissionChangeSink
    {
        public void Record(in PermissionChange change)
        {
            bool revoked = change.PermissionFlipped && !change.Permitted;
            if (loop._logger.IsEnabled(revoked ? LogLevel.Warning : LogLevel.Information))
            {
                string text = change.Describe(); // allocates: only when the line is written
                if (revoked)
                {
                    loop.LogPermissionRevoked(text);
                }
                else
                {
                    loop.LogPermissionChanged(text);
                }
            }

            loop._telemetry?.WriteAudit(AuditRecord.From(change));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Permission revoked: {Change}")]
    private partial void LogPermissionRevoked(string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Permission changed: {Change}")]
    private partial void LogPermissionChanged(string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detector gates held off: {Reason} ({Holds} holds open)")]
    private partial void LogGateHold(string reason, int holds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gate hold released: {Reason} ({Holds} holds open)")]
    private partial void LogGateHoldReleased(string reason, int holds);
}
