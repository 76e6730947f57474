using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Station.Core.Orbits;

namespace Station.Core.Tests.Orbits;

public sealed class OmmParserTests
{
    // The ISS set of the 2026-03-19 test set, as CelesTrak's JSON would carry it.
    private const string IssTle1 = "1 25544U 98067A   26078.12958500  .00009105  00000+0  17698-3 0  9991";
    private const string IssTle2 = "2 25544  51.6344  25.6919 0006229 207.4819 152.5840 15.48370465557798";

    private const string IssJson = """
        [{
            "OBJECT_NAME": "ISS (ZARYA)",
            "OBJECT_ID": "1998-067A",
            "EPOCH": "2026-03-19T03:06:36.144000",
            "MEAN_MOTION": 15.48370465,
            "ECCENTRICITY": 0.0006229,
            "INCLINATION": 51.6344,
            "RA_OF_ASC_NODE": 25.6919,
            "ARG_OF_PERICENTER": 207.4819,
            "MEAN_ANOMALY": 152.584,
            "EPHEMERIS_TYPE": 0,
            "CLASSIFICATION_TYPE": "U",
            "NORAD_CAT_ID": 25544,
            "ELEMENT_SET_NO": 999,
            "REV_AT_EPOCH": 55779,
            "BSTAR": 0.00017698,
            "MEAN_MOTION_DOT": 9.105e-5,
            "MEAN_MOTION_DDOT": 0
        }]
        """;

    private const string VanguardXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ndm xmlns="urn:example:ndm" xmlns:xsi="https://www.w3.org/2001/XMLSchema-instance">
        <omm id="CCSDS_OMM_VERS" version="2.0">
        <header><CREATION_DATE/><ORIGINATOR/></header><body><segment><metadata><OBJECT_NAME>VANGUARD 1</OBJECT_NAME><OBJECT_ID>1958-002B</OBJECT_ID><CENTER_NAME>EARTH</CENTER_NAME><REF_FRAME>TEME</REF_FRAME><TIME_SYSTEM>UTC</TIME_SYSTEM><MEAN_ELEMENT_THEORY>SGP4</MEAN_ELEMENT_THEORY></metadata><data><meanElements><EPOCH>2020-10-13T04:52:48.472320</EPOCH><MEAN_MOTION>10.84869164</MEAN_MOTION><ECCENTRICITY>.1845686</ECCENTRICITY><INCLINATION>34.2443</INCLINATION><RA_OF_ASC_NODE>225.5254</RA_OF_ASC_NODE><ARG_OF_PERICENTER>162.2516</ARG_OF_PERICENTER><MEAN_ANOMALY>205.2356</MEAN_ANOMALY></meanElements><tleParameters><EPHEMERIS_TYPE>0</EPHEMERIS_TYPE><CLASSIFICATION_TYPE>U</CLASSIFICATION_TYPE><NORAD_CAT_ID>5</NORAD_CAT_ID><ELEMENT_SET_NO>999</ELEMENT_SET_NO><REV_AT_EPOCH>21814</REV_AT_EPOCH><BSTAR>-.22483E-4</BSTAR><MEAN_MOTION_DOT>-1.6E-7</MEAN_MOTION_DOT><MEAN_MOTION_DDOT>0</MEAN_MOTION_DDOT></tleParameters></data></segment></body></omm>
        </ndm>
        """;

    [Fact]
    public void Json_set_equals_the_tle_it_came_from()
    {
        OmmParseResult r = OmmParser.ParseJson(IssJson);
        Assert.Empty(r.Errors);
        ElementSet omm = Assert.Single(r.ElementSets);
        ElementSet tle = TleParser.Parse(IssTle1, IssTle2);

        Assert.Equal("ISS (ZARYA)", omm.Name);
        Assert.Equal("1998-067A", omm.InternationalDesignator);
        Assert.Equal(25544, omm.CatalogNumber);
        Assert.Equal(tle.EpochJulianDateWhole, omm.EpochJulianDateWhole);
        Assert.Equal(tle.EpochJulianDateFraction, omm.EpochJulianDateFraction, 1e-15);
        Assert.Equal(tle.BStar, omm.BStar, 1e-18);
        Assert.Equal(999, omm.ElementSetNumber);

        Sgp4Result a = new Sgp4Propagator(omm).Propagate(100.0);
        Sgp4Result b = new Sgp4Propagator(tle).Propagate(100.0);
        Assert.Equal(b.XKm, a.XKm, 1e-9);
        Assert.Equal(b.VzKmPerS, a.VzKmPerS, 1e-12);
    }

    [Fact]
    public void Xml_form_is_read_whatever_the_namespace()
    {
        OmmParseResult r = OmmParser.Parse(VanguardXml);
        Assert.Empty(r.Errors);
        ElementSet e = Assert.Single(r.ElementSets);
        Assert.Equal("VANGUARD 1", e.Name);
        Assert.Equal(5, e.CatalogNumber);
        Assert.Equal(0.1845686, e.Eccentricity);
        Assert.Equal(-0.22483e-4, e.BStar, 1e-18);
        Assert.Equal(new DateTime(2020, 10, 13, 4, 52, 48, 472, DateTimeKind.Utc).AddTicks(3200), e.EpochUtc);
        Assert.Equal(((4 * 3600) + (52 * 60) + 48.472320) / 86400.0, e.EpochJulianDateFraction, 1e-15);
    }

    [Fact]
    public void Accepts_numbers_as_strings_a_single_object_and_a_day_of_year_epoch()
    {
        string json = IssJson.Replace("\"INCLINATION\": 51.6344", "\"INCLINATION\": \"51.6344\"", StringComparison.Ordinal)
            .Replace("2026-03-19T03:06:36.144000", "2026-078T03:06:36.144Z", StringComparison.Ordinal)
            .Trim().TrimStart('[').TrimEnd(']');
        OmmParseResult r = OmmParser.Parse(json);
        Assert.Empty(r.Errors);
        Assert.Equal(51.6344, Assert.Single(r.ElementSets).InclinationDeg);
        Assert.Equal(TleParser.Parse(IssTle1, IssTle2).EpochJulianDateWhole, r.ElementSets[0].EpochJulianDateWhole);
    }

    public static TheoryData<string, string, string> BadJsonFields() => new()
    {
        { "\"ECCENTRICITY\": 0.0006229", "\"ECCENTRICITY\": 1.2", "object [0] 'ISS (ZARYA)', field ECCENTRICITY: 1.2 is out of range, expected 0 <= e < 1" },
        { "\"ECCENTRICITY\": 0.0006229", "\"ECCENTRICITY\": 1", "object [0] 'ISS (ZARYA)', field ECCENTRICITY: 1 is out of range, expected 0 <= e < 1" },
        { "\"ECCENTRICITY\": 0.0006229", "\"ECCENTRICITY\": -0.1", "object [0] 'ISS (ZARYA)', field ECCENTRICITY: -0.1 is out of range, expected 0 <= e < 1" },
        { "\"MEAN_MOTION\": 15.48370465,", "", "object [0] 'ISS (ZARYA)', field MEAN_MOTION: missing, expected revolutions per day > 0" },
        { "\"MEAN_MOTION\": 15.48370465", "\"MEAN_MOTION\": 0", "object [0] 'ISS (ZARYA)', field MEAN_MOTION: 0 is out of range, expected revolutions per day > 0" },
        { "\"INCLINATION\": 51.6344", "\"INCLINATION\": true", "object [0] 'ISS (ZARYA)', field INCLINATION: 'true' is not a number, expected degrees 0 to 180" },
        { "\"INCLINATION\": 51.6344", "\"INCLINATION\": \"51.6x\"", "object [0] 'ISS (ZARYA)', field INCLINATION: '51.6x' is not a number, expected degrees 0 to 180" },
        { "\"RA_OF_ASC_NODE\": 25.6919", "\"RA_OF_ASC_NODE\": 400", "object [0] 'ISS (ZARYA)', field RA_OF_ASC_NODE: 400 is out of range, expected degrees 0 to 360" },
        { "\"BSTAR\": 0.00017698,", "", "object [0] 'ISS (ZARYA)', field BSTAR: missing, expected a number (inverse Earth radii)" },
        { "\"NORAD_CAT_ID\": 25544", "\"NORAD_CAT_ID\": \"abc\"", "object [0] 'ISS (ZARYA)', field NORAD_CAT_ID: 'abc' is not an integer, expected a catalogue number >= 0" },
        { "\"CLASSIFICATION_TYPE\": \"U\"", "\"CLASSIFICATION_TYPE\": \"Q\"", "object [0] 'ISS (ZARYA)', field CLASSIFICATION_TYPE: 'Q' is not a classification, expected U, C or S" },
        { "2026-03-19T03:06:36.144000", "2026-02-30T03:06:36", "object [0] 'ISS (ZARYA)', field EPOCH: '2026-02-30T03:06:36' is not a valid date and time, expected an ISO 8601 UTC time such as 2025-02-14T14:36:48.662784" },
        { "2026-03-19T03:06:36.144000", "yesterday", "object [0] 'ISS (ZARYA)', field EPOCH: 'yesterday' is not a time, expected an ISO 8601 UTC time such as 2025-02-14T14:36:48.662784" },
        { "\"EPOCH\": \"2026-03-19T03:06:36.144000\",", "", "object [0] 'ISS (ZARYA)', field EPOCH: missing, expected an ISO 8601 UTC time such as 2025-02-14T14:36:48.662784" },
    };

    [Theory]
    [MemberData(nameof(BadJsonFields))]
    public void Reports_bad_json_fields_with_object_field_and_expectation(string find, string replace, string message)
    {
        string json = IssJson.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(IssJson, json);
        OmmParseResult r = OmmParser.ParseJson(json);
        Assert.Empty(r.ElementSets);
        Assert.Equal([message], r.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Keeps_good_objects_when_others_are_bad()
    {
        string good = IssJson.Trim()[1..^1];
        string bad = good.Replace("\"OBJECT_NAME\": \"ISS (ZARYA)\"", "\"OBJECT_NAME\": \"BAD\"", StringComparison.Ordinal)
            .Replace("\"ECCENTRICITY\": 0.0006229", "\"ECCENTRICITY\": 1.5", StringComparison.Ordinal);
        OmmParseResult r = OmmParser.ParseJson($"[{bad}, {good}, 7]");
        Assert.Equal("ISS (ZARYA)", Assert.Single(r.ElementSets).Name);
        Assert.Equal(
            [
                "object [0] 'BAD', field ECCENTRICITY: 1.5 is out of range, expected 0 <= e < 1",
                "object [2]: JSON Number found, expected an OMM object",
            ],
            r.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Reports_documents_that_are_not_omm_json()
    {
        Assert.Equal("document: JSON Number found, expected an array of OMM objects", Assert.Single(OmmParser.ParseJson("42").Errors).Message);
        Assert.StartsWith("document: JSON is malformed: ", Assert.Single(OmmParser.ParseJson("[{\"OBJECT_NAME\": ").Errors).Message, StringComparison.Ordinal);
        Assert.Empty(OmmParser.ParseJson("[]").Errors);
        Assert.StartsWith("document: JSON is malformed: ", Assert.Single(OmmParser.ParseJson("[\"\uD800\"]").Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_bad_xml_fields_and_documents()
    {
        OmmParseResult theory = OmmParser.ParseXml(VanguardXml.Replace("<MEAN_ELEMENT_THEORY>SGP4<", "<MEAN_ELEMENT_THEORY>SGP4-XP<", StringComparison.Ordinal));
        Assert.Equal("object [0] 'VANGUARD 1', field MEAN_ELEMENT_THEORY: 'SGP4-XP', expected SGP4", Assert.Single(theory.Errors).Message);

        OmmParseResult ecc = OmmParser.ParseXml(VanguardXml.Replace("<ECCENTRICITY>.1845686<", "<ECCENTRICITY>1.0001<", StringComparison.Ordinal));
        Assert.Equal("object [0] 'VANGUARD 1', field ECCENTRICITY: 1.0001 is out of range, expected 0 <= e < 1", Assert.Single(ecc.Errors).Message);

        Assert.Equal("document: no <omm> element found, expected <ndm><omm>…</omm></ndm>", Assert.Single(OmmParser.ParseXml("<ndm/>").Errors).Message);
        Assert.StartsWith("document: XML is malformed: ", Assert.Single(OmmParser.ParseXml("<ndm><omm>").Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_dtds()
    {
        const string Xml = """
            <?xml version="1.0"?>
            <!DOCTYPE ndm [<!ENTITY boom "boom">]>
            <ndm><omm><OBJECT_NAME>&boom;</OBJECT_NAME></omm></ndm>
            """;
        OmmParseResult r = OmmParser.ParseXml(Xml);
        Assert.Empty(r.ElementSets);
        Assert.StartsWith("document: XML is malformed: ", Assert.Single(r.Errors).Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public Property Never_throws_for_any_text() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            string t = text ?? "";
            OmmParseResult a = OmmParser.ParseJson(t);
            OmmParseResult b = OmmParser.ParseXml(t);
            OmmParseResult c = OmmParser.ParseJson("[" + t + "]");
            OmmParseResult d = OmmParser.ParseXml("<ndm><omm>" + t + "</omm></ndm>");
            return a.Errors.Count + b.Errors.Count + c.Errors.Count + d.Errors.Count >= 0;
        });

    [Fact]
    public void Null_text_throws()
    {
        Assert.Throws<ArgumentNullException>(() => OmmParser.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => OmmParser.ParseJson(null!));
        Assert.Throws<ArgumentNullException>(() => OmmParser.ParseXml(null!));
    }
}
