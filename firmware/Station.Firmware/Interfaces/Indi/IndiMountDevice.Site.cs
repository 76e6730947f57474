using System.Globalization;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>
/// GEOGRAPHIC_COORD and TIME_UTC as a client sets them. Planetarium clients (KStars/Ekos) push their location and clock
/// to every mount on connecting; the station's site comes from its configuration and its clock from GNSS, so neither is
/// changed over INDI. A value that agrees is acknowledged (Ok, with how far it is off), one that does not is Alert with
/// the station's own value — so an operator whose planetarium is set up for another place or time sees it at once.
/// </summary>
public sealed partial class IndiMountDevice
{
    /// <summary>How far a client's location may be from the station's and still agree.</summary>
    public const double SiteToleranceMetres = 1000;

    /// <summary>How far a client's clock may be from the station's and still agree.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(2);

    private const double EarthRadiusMetres = 6_371_000;

    private void CompareSite(double latitudeDeg, double longitudeDeg, double heightM, IndiHub hub)
    {
        var c = CultureInfo.InvariantCulture;
        string station = string.Create(c, $"lat {_site.LatitudeDeg:0.#####}°, lon {_site.LongitudeDeg:0.#####}°, {_site.HeightM:0} m");
        if (latitudeDeg is < -90 or > 90)
        {
            hub.Refuse(Geographic, string.Create(c, $"GEOGRAPHIC_COORD.LAT {latitudeDeg} is not a latitude (-90° to 90°); the station stays at {station}"));
            return;
        }

        double distance = GreatCircleMetres(_site.LatitudeDeg, _site.LongitudeDeg, latitudeDeg, longitudeDeg);
        double heightOff = heightM - _site.HeightM;
        if (distance <= SiteToleranceMetres)
        {
            Geographic.State = IndiState.Ok; // the published values stay the station's
            hub.Publish(Geographic, string.Create(c, $"the client's location agrees with the station's ({distance:0} m, height {heightOff:+0;-0} m off); the station's site from its configuration is kept: {station}"));
            return;
        }

        hub.Refuse(Geographic, string.Create(c,
            $"the client's location is {distance / 1000:0.###} km from the station's ({station}, from Station:Schedule:Site); the site is not changed over INDI — set the client to the station's location"));
    }

    private void CompareTime(string utcText, string offsetText, IndiHub hub)
    {
        var c = CultureInfo.InvariantCulture;
        var now = hub.Now;
        if (!DateTime.TryParseExact(utcText.Trim(), ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss'Z'"], c,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var clientUtc))
        {
            hub.Refuse(TimeUtc, $"TIME_UTC.UTC is '{utcText}'; expected an ISO 8601 UTC time such as {now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", c)}");
            return;
        }

        if (!double.TryParse(offsetText, NumberStyles.Float, c, out double offsetHours) || offsetHours is < -14 or > 14)
        {
            hub.Refuse(TimeUtc, $"TIME_UTC.OFFSET is '{offsetText}'; expected the client's offset from UTC in hours (-14 to 14)");
            return;
        }

        double differenceS = (clientUtc - now.UtcDateTime).TotalSeconds;
        if (Math.Abs(differenceS) <= ClockTolerance.TotalSeconds)
        {
            TimeUtc.State = IndiState.Ok; // the published time stays the station clock's
            hub.Publish(TimeUtc, string.Create(c, $"the client's clock agrees with the station's within {Math.Abs(differenceS):0.###} s; the station keeps its GNSS-disciplined clock"));
            return;
        }

        hub.Refuse(TimeUtc, string.Create(c,
            $"the client's clock is {differenceS:+0.###;-0.###} s off the station's ({now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff}Z, GNSS-disciplined); the station clock is not set over INDI"));
    }

    /// <summary>Haversine distance on a sphere of the Earth's mean radius (plenty for a 1 km tolerance), metres.</summary>
    private static double GreatCircleMetres(double lat1Deg, double lon1Deg, double lat2Deg, double lon2Deg)
    {
        const double d = Math.PI / 180;
        double dLat = (lat2Deg - lat1Deg) * d, dLon = (lon2Deg - lon1Deg) * d;
        double a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(lat1Deg * d) * Math.Cos(lat2Deg * d) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
