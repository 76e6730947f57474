using System.Runtime.CompilerServices;
using Station.Core.Safety;

namespace Station.Core.Tests.Safety;

/// <summary>The oracle's small value types: verdicts, vectors, a condition list and a lazily formatted failure message.</summary>
internal sealed partial class SafetyOracle
{
    private enum Verdict
    {
        Pass,
        Fail,
        Border,
    }

    private readonly record struct Vector(double X, double Y, double Z)
    {
        public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

        public static double Dot(Vector a, Vector b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

        public static Vector Cross(Vector a, Vector b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));
    }

    /// <summary>Up to 16 conditions in a value (copying it forks a list, as the gate channels do from the common part).</summary>
    private struct Conditions
    {
        private Buffer _items;

        public int Count { get; private set; }

        public readonly (Verdict, SafetyReason) this[int i] => _items[i];

        public void Add((Verdict, SafetyReason) c) => _items[Count++] = c;

        [System.Runtime.CompilerServices.InlineArray(16)]
        private struct Buffer
        {
            private (Verdict, SafetyReason) _element0;
        }
    }

    /// <summary>Formats a failure message only when the condition failed: a million ticks would otherwise spend their time printing flags.</summary>
    [InterpolatedStringHandler]
    private ref struct RequireHandler
    {
        private DefaultInterpolatedStringHandler _inner;
        private readonly bool _active;

        public RequireHandler(int literalLength, int formattedCount, bool ok, out bool shouldAppend)
        {
            _active = shouldAppend = !ok;
            _inner = _active ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        public void AppendLiteral(string s) => _inner.AppendLiteral(s);

        public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

        public string ToStringAndClear() => _active ? _inner.ToStringAndClear() : string.Empty;
    }
}
