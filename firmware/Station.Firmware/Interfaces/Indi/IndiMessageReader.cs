using System.Xml;
using System.Xml.Linq;

namespace Station.Firmware.Interfaces.Indi;

/// <summary>Why a client's stream was given up: the text goes back to the client in a <c>message</c> before the disconnect.</summary>
public sealed class IndiProtocolException : Exception
{
    public IndiProtocolException()
        : base("INDI protocol error")
    {
    }

    public IndiProtocolException(string message)
        : base(message)
    {
    }

    public IndiProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Splits an INDI stream (a sequence of top-level XML elements with no root) into elements and parses each one on its
/// own. The framing is done on bytes, so an element is handed on the moment its end tag arrives (an XmlReader on the
/// socket would wait for the next element first), and so the limits hold before any parser sees the bytes:
/// an element may be at most <c>maxElementBytes</c> long and must be complete within <c>elementTimeout</c> of its first
/// byte (an idle client waiting between elements is fine: INDI clients listen for hours). A DOCTYPE is refused at once;
/// each element is parsed with DTDs prohibited and no resolver, so no entity is expanded and no file or URL is read.
/// </summary>
public sealed class IndiMessageReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxElementBytes;
    private readonly TimeSpan _elementTimeout;
    private readonly TimeProvider _time;
    private readonly byte[] _buffer = new byte[4096];
    private readonly MemoryStream _element = new();

    // A client that polls sends the same element again and again: it is parsed once and the element handed on again
    // (elements are read, never changed, downstream). XmlReader makes ~2 KB of garbage per element, and at 50 clients
    // × 10 Hz the collections it causes were the one thing INDI load did to the control loop's timing.
    private readonly byte[] _repeatedBytes = new byte[512];
    private int _repeatedLength;
    private XElement? _repeated;
    private int _bufferStart;
    private int _bufferEnd;

    // Scanner state, kept across reads.
    private int _depth;
    private Phase _phase = Phase.Text;
    private byte _quote;
    private bool _endTag;
    private bool _selfClosing;
    private int _markerMatched;
    private long _elementStartedAt = -1;
    private int _declarationStart;
    private readonly Stack<string> _open = new();
    private readonly List<byte> _tagName = new(32);
    private bool _inTagName;

    /// <param name="stream">The client's stream.</param>
    /// <param name="maxElementBytes">Largest element accepted (64 KiB by default).</param>
    /// <param name="elementTimeout">Time an element may take to arrive once started; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="timeProvider">The clock the element timeout runs on.</param>
    public IndiMessageReader(Stream stream, int maxElementBytes, TimeSpan elementTimeout, TimeProvider timeProvider)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _maxElementBytes = maxElementBytes;
        _elementTimeout = elementTimeout;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    private enum Phase
    {
        Text,       // between tags
        TagOpen,    // just read '<'
        Tag,        // inside a start or end tag
        Skip,       // inside a comment, CDATA section or processing instruction, until its end marker
    }

    private byte[] _endMarker = [];

    /// <summary>The next top-level element, or null at the end of the stream.</summary>
    /// <exception cref="IndiProtocolException">The stream broke a rule; the connection should be closed.</exception>
    public async Task<XElement?> ReadElementAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_bufferStart == _bufferEnd)
            {
                int read = await ReadWithDeadlineAsync(cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return _element.Length == 0 ? null : throw new IndiProtocolException("the stream ended inside an element");
                }

                _bufferStart = 0;
                _bufferEnd = read;
            }

            while (_bufferStart < _bufferEnd)
            {
                byte b = _buffer[_bufferStart++];
                if (Scan(b))
                {
                    return Parse();
                }
            }
        }
    }

    private async Task<int> ReadWithDeadlineAsync(CancellationToken cancellationToken)
    {
        if (_elementStartedAt < 0 || _elementTimeout == Timeout.InfiniteTimeSpan)
        {
            return await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        }

        var left = _elementTimeout - _time.GetElapsedTime(_elementStartedAt);
        if (left <= TimeSpan.Zero)
        {
            throw ElementTimedOut();
        }

        using var deadline = new CancellationTokenSource(left, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _stream.ReadAsync(_buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw ElementTimedOut();
        }
    }

    private IndiProtocolException ElementTimedOut() =>
        new($"an element did not complete within {_elementTimeout.TotalSeconds:0.#} s of its first byte (slow or stalled client)");

    /// <summary>Feeds one byte to the scanner; true when it completed a top-level element.</summary>
    private bool Scan(byte b)
    {
        bool outside = _depth == 0 && _phase == Phase.Text;
        if (outside && b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            return false; // whitespace between elements
        }

        if (outside && b != (byte)'<')
        {
            throw new IndiProtocolException("text outside any element: not an INDI message");
        }

        if (_elementStartedAt < 0)
        {
            _elementStartedAt = _time.GetTimestamp();
        }

        _element.WriteByte(b);
        if (_element.Length > _maxElementBytes)
        {
            throw new IndiProtocolException($"an element exceeds the limit of {_maxElementBytes} bytes");
        }

        switch (_phase)
        {
            case Phase.Text:
                if (b == (byte)'<')
                {
                    _phase = Phase.TagOpen;
                }

                return false;

            case Phase.TagOpen:
                return OpenTag(b);

            case Phase.Tag:
                return InTag(b);

            default:
                return InSkip(b);
        }
    }

    private bool OpenTag(byte b)
    {
        switch (b)
        {
            case (byte)'/':
                _endTag = true;
                _phase = Phase.Tag;
                _tagName.Clear();
                _inTagName = true;
                return false;
            case (byte)'?':
                StartSkip("?>"u8.ToArray());
                return false;
            case (byte)'!':
                // Comments and CDATA are skipped by marker; '<!DOCTYPE' (or anything else) is not INDI and could carry entities.
                _phase = Phase.Skip;
                _endMarker = [];
                _markerMatched = 0;
                _declarationStart = (int)_element.Length - 2;
                return false;
            default:
                _endTag = false;
                _selfClosing = false;
                _phase = Phase.Tag;
                _tagName.Clear();
                _inTagName = true;
                return InTag(b);
        }
    }

    private bool InTag(byte b)
    {
        if (_quote != 0)
        {
            if (b == _quote)
            {
                _quote = 0;
            }

            return false;
        }

        if (_inTagName)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'/' or (byte)'>')
            {
                _inTagName = false;
            }
            else
            {
                _tagName.Add(b);
                return false;
            }
        }

        switch (b)
        {
            case (byte)'"' or (byte)'\'':
                _quote = b;
                _selfClosing = false;
                return false;
            case (byte)'/':
                _selfClosing = true;
                return false;
            case (byte)'>':
                _phase = Phase.Text;
                string name = System.Text.Encoding.UTF8.GetString([.. _tagName]);
                if (_endTag)
                {
                    if (!_open.TryPop(out var open))
                    {
                        throw new IndiProtocolException("an end tag without a start tag");
                    }

                    if (open != name)
                    {
                        // Caught here, not by the parser, so a mismatched element cannot leave the stream waiting for more.
                        throw new IndiProtocolException($"malformed XML: </{Shorten(name)}> closes <{Shorten(open)}>");
                    }

                    _depth--;
                    return _depth == 0;
                }

                if (_selfClosing)
                {
                    return _depth == 0;
                }

                _open.Push(name);
                _depth++;
                return false;
            default:
                _selfClosing = false;
                return false;
        }
    }

    private void StartSkip(byte[] marker)
    {
        _phase = Phase.Skip;
        _endMarker = marker;
        _markerMatched = 0;
    }

    private bool InSkip(byte b)
    {
        if (_endMarker.Length == 0)
        {
            // Just after "<!": a comment or CDATA section is skipped to its end marker; a DOCTYPE (or anything else) is
            // not INDI and could declare entities, so it ends the connection.
            var head = _element.GetBuffer().AsSpan(_declarationStart, (int)_element.Length - _declarationStart);
            if (head.SequenceEqual("<!--"u8))
            {
                _endMarker = "-->"u8.ToArray();
            }
            else if (head.SequenceEqual("<![CDATA["u8))
            {
                _endMarker = "]]>"u8.ToArray();
            }
            else if (!"<!--"u8.StartsWith(head) && !"<![CDATA["u8.StartsWith(head))
            {
                throw new IndiProtocolException("a DOCTYPE or other declaration: DTDs and entities are not accepted");
            }

            return false;
        }

        _markerMatched = b == _endMarker[_markerMatched] ? _markerMatched + 1 : (b == _endMarker[0] ? 1 : 0);
        if (_markerMatched == _endMarker.Length)
        {
            _phase = Phase.Text;
            bool wasTopLevel = _depth == 0;
            if (wasTopLevel)
            {
                // A comment or processing instruction between elements: dropped, not an element.
                _element.SetLength(0);
                _elementStartedAt = -1;
            }
        }

        return false;
    }

    private XElement Parse()
    {
        try
        {
            var framed = _element.GetBuffer().AsSpan(0, (int)_element.Length);
            if (_repeated is not null && framed.SequenceEqual(_repeatedBytes.AsSpan(0, _repeatedLength)))
            {
                return _repeated;
            }

            var bytes = new MemoryStream(_element.GetBuffer(), 0, framed.Length, writable: false);
            using var reader = XmlReader.Create(bytes, ParserSettings);
            var element = XElement.Load(reader);
            bool kept = framed.TryCopyTo(_repeatedBytes); // a longer element is not remembered
            _repeated = kept ? element : null;
            _repeatedLength = kept ? framed.Length : 0;
            return element;
        }
        catch (XmlException ex)
        {
            throw new IndiProtocolException("malformed XML: " + ex.Message, ex);
        }
        finally
        {
            _element.SetLength(0);
            _elementStartedAt = -1;
        }
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "…";

    public void Dispose() => _element.Dispose();

    private static readonly XmlReaderSettings ParserSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        ConformanceLevel = ConformanceLevel.Document,
        CloseInput = true,
    };
}
