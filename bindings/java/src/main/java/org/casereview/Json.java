package org.casereview;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for casereview-result/1 lines (RFC 8259): objects
 * as insertion-ordered maps, arrays as lists, numbers as Double, true,
 * false, null. The binding depends on JNA alone, so it reads the JSON the
 * library wrote instead of pulling in a JSON library. Nesting is bounded.
 */
final class Json {
    private static final int MAX_DEPTH = 256;
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json j = new Json(text);
        j.space();
        Object v = j.value(0);
        j.space();
        if (j.i != j.s.length()) {
            throw j.fail("trailing characters");
        }
        return v;
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException("not JSON: " + why
                                            + " at offset " + i);
    }

    private void space() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nested too deep");
        }
        if (i >= s.length()) {
            throw fail("unexpected end");
        }
        char c = s.charAt(i);
        switch (c) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"':
            return string();
        case 't':
            return word("true", Boolean.TRUE);
        case 'f':
            return word("false", Boolean.FALSE);
        case 'n':
            return word("null", null);
        default:
            return number();
        }
    }

    private Object word(String w, Object v) {
        if (!s.startsWith(w, i)) {
            throw fail("unknown word");
        }
        i += w.length();
        return v;
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        space();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return Collections.unmodifiableMap(m);
        }
        for (;;) {
            space();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw fail("expected a key");
            }
            String k = string();
            space();
            expect(':');
            space();
            m.put(k, value(depth + 1));
            space();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect('}');
            return Collections.unmodifiableMap(m);
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        i++;
        space();
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return Collections.unmodifiableList(out);
        }
        for (;;) {
            space();
            out.add(value(depth + 1));
            space();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect(']');
            return Collections.unmodifiableList(out);
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw fail("expected '" + c + "'");
        }
        i++;
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw fail("control character in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) {
                break;
            }
            char e = s.charAt(i++);
            switch (e) {
            case '"': case '\\': case '/':
                sb.append(e);
                break;
            case 'b':
                sb.append('\b');
                break;
            case 'f':
                sb.append('\f');
                break;
            case 'n':
                sb.append('\n');
                break;
            case 'r':
                sb.append('\r');
                break;
            case 't':
                sb.append('\t');
                break;
            case 'u':
                if (i + 4 > s.length()) {
                    throw fail("short \\u escape");
                }
                try {
                    sb.append((char) Integer.parseInt(s.substring(i, i + 4),
                                                      16));
                } catch (NumberFormatException ex) {
                    throw fail("bad \\u escape");
                }
                i += 4;
                break;
            default:
                throw fail("bad escape");
            }
        }
        throw fail("unterminated string");
    }

    private Double number() {
        int start = i;
        if (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E'
                || c == '+' || c == '-') {
                i++;
            } else {
                break;
            }
        }
        if (start == i) {
            throw fail("unexpected character");
        }
        try {
            return Double.valueOf(s.substring(start, i));
        } catch (NumberFormatException ex) {
            throw fail("bad number");
        }
    }
}
