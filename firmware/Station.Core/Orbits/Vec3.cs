namespace Station.Core.Orbits;

/// <summary>A Cartesian 3-vector of doubles (units are the caller's: km, km/s, ...).</summary>
/// <remarks>A value type so that frame and look-angle math allocates nothing.</remarks>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 Zero => default;

    public double Norm => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    public static Vec3 operator *(Vec3 a, double s) => new(s * a.X, s * a.Y, s * a.Z);

    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    public static double Dot(Vec3 a, Vec3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    public static Vec3 Cross(Vec3 a, Vec3 b) =>
        new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    // Named alternates for the operators (CA2225).
    public static Vec3 Add(Vec3 left, Vec3 right) => left + right;

    public static Vec3 Subtract(Vec3 left, Vec3 right) => left - right;

    public static Vec3 Negate(Vec3 item) => -item;

    public static Vec3 Multiply(double s, Vec3 a) => s * a;

    public static Vec3 Divide(Vec3 a, double s) => a / s;
}
