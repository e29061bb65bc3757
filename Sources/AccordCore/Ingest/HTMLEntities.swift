/// Character references as they appear in HTML and in Markdown: the common named ones
/// and numeric references. Used where Accord scans markup text itself (Markdown inline
/// HTML, locating libxml2's text in the source).
enum HTMLEntities {
    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
        "ldquo": "\u{201C}", "rdquo": "\u{201D}", "sbquo": "\u{201A}", "bdquo": "\u{201E}",
        "hellip": "\u{2026}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}",
        "sect": "\u{A7}", "para": "\u{B6}", "middot": "\u{B7}", "bull": "\u{2022}",
        "laquo": "\u{AB}", "raquo": "\u{BB}", "deg": "\u{B0}", "euro": "\u{20AC}",
        "pound": "\u{A3}", "yen": "\u{A5}", "cent": "\u{A2}", "shy": "\u{AD}",
        "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}", "zwj": "\u{200D}", "zwnj": "\u{200C}",
        "aacute": "á", "eacute": "é", "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ",
        "Aacute": "Á", "Eacute": "É", "Iacute": "Í", "Oacute": "Ó", "Uacute": "Ú", "Ntilde": "Ñ",
        "agrave": "à", "egrave": "è", "ccedil": "ç", "Ccedil": "Ç", "uuml": "ü", "ouml": "ö", "auml": "ä",
        "Uuml": "Ü", "Ouml": "Ö", "Auml": "Ä", "szlig": "ß", "ecirc": "ê", "ocirc": "ô", "acirc": "â",
        "atilde": "ã", "otilde": "õ", "iuml": "ï", "euml": "ë", "times": "\u{D7}", "divide": "\u{F7}",
    ]

    /// If `scalars[index]` starts a character reference, returns the scalar and the
    /// number of scalars the reference spans.
    /// - Parameter otherNames: the character of a name not in `named`, if any (HTML's
    ///   locator asks libxml2's table, so that it decodes what the parser decodes).
    static func decode(_ scalars: [Unicode.Scalar], at index: Int, otherNames: ((String) -> Unicode.Scalar?)? = nil) -> (Unicode.Scalar, Int)? {
        guard scalars[index] == "&" else { return nil }
        var j = index + 1
        let limit = min(scalars.count, index + 34)
        var name = String.UnicodeScalarView()
        while j < limit, scalars[j] != ";" {
            let s = scalars[j]
            guard s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "#" else { return nil }
            name.append(s)
            j += 1
        }
        guard j < limit, scalars[j] == ";", !name.isEmpty else { return nil }
        let key = String(name)
        let length = j - index + 1
        if key.hasPrefix("#") {
            let digits = key.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", length) }
            return (scalar, length)
        }
        guard let scalar = named[key] ?? otherNames?(key) else { return nil }
        return (scalar, length)
    }
}
