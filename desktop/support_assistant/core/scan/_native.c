/* Optional compiled locates for the scan engine's hottest triggers (see engine.py).
 *
 * Hand-written because no library cuts and validates spans from hyperscan end offsets: each
 * function below is a line-by-line port of the Python locate of the same name in network.py
 * or numeric.py, which stays the reference and the fallback (the engine runs the Python one
 * when this module is not built, and tests/core/test_scan_native.py compares both paths).
 * A port returns DEFER wherever it would need a regex or a case it does not cover (a
 * file-extension top-level domain, an IPv6 address with an embedded IPv4...); the Python
 * locate then decides that hit, so the results stay the same by construction.
 *
 * Collector(buf, lo, kinds, locates, out) is the match callback handed to hyperscan: for
 * trigger ``index`` it runs the port named by ``kinds[index]`` (0: none) on ``buf`` at
 * ``lo + start``, ``lo + end`` and appends the ``(start, end, detector)`` span to ``out``,
 * or calls ``locates[index](buf, lo + start, lo + end)`` as the Python engine does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef unsigned char u8;
typedef Py_ssize_t ssize;

enum { NONE = 0, FOUND = 1, DEFER = -1 };

enum {
    K_PYTHON = 0, K_EMAIL, K_HOST, K_IPV4_0, K_IPV4_1, K_IPV4_2, K_RUN, K_GROUPS,
    K_HEXCOLON, K_MAC_DASH, K_IPV6, K_URL_CREDENTIALS, K_URL_HOST, K_USER_UNIX,
    K_USER_WINDOWS, K_BEARER, K_COUNT
};
static const char *KIND_NAMES[K_COUNT] = {
    "", "email", "host", "ipv4-exact-0", "ipv4-exact-1", "ipv4-exact-2", "digit-run",
    "digit-groups", "hexcolon", "mac-dash", "ipv6", "url-credentials", "url-host", "user-unix",
    "user-windows", "bearer"};

enum { D_EMAIL, D_HOST, D_IPV4, D_PHONE, D_CARD, D_CN_ID, D_MAC, D_IPV6, D_URL_CREDENTIALS,
       D_USER, D_TOKEN, D_COUNT };
static const char *DETECTOR_NAMES[D_COUNT] = {
    "email", "host", "ipv4", "phone", "card", "cn-id", "mac", "ipv6", "url-credentials", "user",
    "token"};
static PyObject *detector_str[D_COUNT];

/* Byte classes (the frozensets and character classes of the Python modules). */
static u8 WORD[256], ALPHA[256], ALNUM[256], DIGIT[256], LOCAL[256], LABEL[256], HEX[256],
    HEXCOLON[256], HEXCOLON_RUN[256], URL_BREAK[256], VERSION_LETTER[256], CN_BEFORE[256],
    UNIX_NAME[256], NOT_WINDOWS_NAME[256], BEARER[256];

static void fill(u8 *table, const char *chars) {
    for (const u8 *c = (const u8 *)chars; *c; c++) table[*c] = 1;
}

static void init_tables(void) {
    for (int c = 0; c < 256; c++) {
        int upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
        ALPHA[c] = upper || lower;
        DIGIT[c] = digit;
        ALNUM[c] = ALPHA[c] || digit;
        WORD[c] = ALNUM[c] || c == '_';
        LOCAL[c] = ALNUM[c] || (c && strchr("._%+-", c) != NULL);
        LABEL[c] = ALNUM[c] || c == '-';
        HEX[c] = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        HEXCOLON[c] = HEX[c] || c == ':';
        HEXCOLON_RUN[c] = HEXCOLON[c] || c == '.';
    }
    fill(URL_BREAK, " \t\n\r\f\v\"'<>");
    fill(VERSION_LETTER, "dDeEnNrRvV");
    fill(CN_BEFORE, " -0123456789)\n");
    for (int c = 0; c < 256; c++) {
        UNIX_NAME[c] = ALNUM[c] || (c && strchr("._-@$+", c) != NULL);
        BEARER[c] = ALNUM[c] || (c && strchr("-._~+/", c) != NULL);
    }
    fill(NOT_WINDOWS_NAME, "\\/\r\n\t\"'<>|:*?");
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* buf.rfind(needle, lo, hi) */
static ssize rfind(const u8 *b, ssize lo, ssize hi, const char *needle) {
    ssize k = (ssize)strlen(needle);
    for (ssize i = hi - k; i >= lo; i--)
        if (memcmp(b + i, needle, (size_t)k) == 0) return i;
    return -1;
}

/* Python's `$` at x in a buffer cut at `stop`: the end, or a last '\n' before it. */
static int at_dollar(const u8 *b, ssize x, ssize stop) {
    return x == stop || (x == stop - 1 && b[x] == '\n');
}

/* re.search(r"(?:ALT|ALT...)[SEP]?$", buf, lo, stop) for literal alternatives: the start of
 * the leftmost match, or -1 (_CN_PREFIX, _NANP_PREFIX). */
static ssize prefix_search(const u8 *b, ssize lo, ssize stop, const char *const *alts,
                           const char *seps) {
    for (ssize i = lo; i < stop; i++) {
        for (const char *const *alt = alts; *alt; alt++) {
            ssize k = (ssize)strlen(*alt), j = i + k;
            if (j > stop || memcmp(b + i, *alt, (size_t)k) != 0) continue;
            if (j < stop && strchr(seps, b[j]) != NULL && b[j] && at_dollar(b, j + 1, stop))
                return i;
            if (at_dollar(b, j, stop)) return i;
        }
    }
    return -1;
}

/* ---------------------------------------------------------------- network.py */

static const char *NOT_A_TLD[] = {
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "js", "css", "json", "txt", "log",
    "xml", "htm", "html", "py", "sh", "so", "dll", "exe", "zip", "gz", "tar", "md", "yml",
    "yaml", "toml", "ini", "cfg", "conf", "invalid", "example", "test", "localdomain",
    "localhost", NULL};

static int not_a_tld(const u8 *tld, ssize n) {
    for (const char **t = NOT_A_TLD; *t; t++) {
        if ((ssize)strlen(*t) != n) continue;
        ssize i = 0;
        while (i < n && lower(tld[i]) == (*t)[i]) i++;
        if (i == n) return 1;
    }
    return 0;
}

/* _after_url_user */
static int after_url_user(const u8 *b, ssize colon) {
    ssize scheme_end = rfind(b, colon > 131 ? colon - 131 : 0, colon, "://");
    if (scheme_end == -1) return 0;
    for (ssize i = scheme_end + 3; i < colon; i++)
        if (URL_BREAK[b[i]] || b[i] == '/') return 0;
    return 1;
}

/* _locate_email; _DOMAIN_FAST as a scan: labels are runs of [A-Za-z0-9-] (no backtracking
 * can change one: the byte after a shorter run is in the class, not '.'), then the top-level
 * domain is tried after the most labels first, as the greedy {1,10} backtracks. */
static int locate_email(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end) {
    ssize at = end - 2;
    ssize lo = at > 64 ? at - 64 : 0, start = at;
    while (start > lo && LOCAL[b[start - 1]]) start--;
    if (b[start] == '.') {
        while (start < at && b[start] == '.') start++;
        if (start == at) return NONE;
    }
    if (start && b[start - 1] == ':' && after_url_user(b, start - 1)) return NONE;
    ssize label[11];
    int labels = 0;
    label[0] = at + 1;
    while (labels < 10) {
        ssize x = label[labels];
        if (x >= n || !ALNUM[b[x]]) break;
        ssize r = 0;
        while (x + 1 + r < n && LABEL[b[x + 1 + r]]) r++;
        if (r > 62 || b[x + r] == '-' || x + 1 + r >= n || b[x + 1 + r] != '.') break;
        label[++labels] = x + 2 + r;
    }
    for (int k = labels; k >= 1; k--) {
        ssize q = label[k], len = 0;
        while (q + len < n && ALPHA[b[q + len]] && len <= 24) len++;
        if (len < 2 || len > 24 || (q + len < n && LABEL[b[q + len]])) continue;
        if (not_a_tld(b + q, len)) return DEFER;  /* _DOMAIN with its look-ahead decides */
        *out_start = start;
        *out_end = q + len;
        return FOUND;
    }
    return NONE;
}

/* _HOST_REVERSED.match on the `limit` bytes before `end`, reversed: the match length or -1.
 * Greedy and unanchored, so the first path is the match: a run of 2-24 letters, then up to
 * ten '.' + label, each label the longest of at most 63 [A-Za-z0-9-] ending alphanumeric. */
static ssize host_reversed(const u8 *b, ssize end, ssize limit) {
#define R(i) b[end - 1 - (i)]
    ssize pos = 0;
    while (pos < limit && ALPHA[R(pos)]) pos++;
    if (pos < 2 || pos > 24) return -1;
    int repeats = 0;
    while (repeats < 10) {
        if (pos >= limit || R(pos) != '.') break;
        ssize x = pos + 1;
        if (x >= limit || !ALNUM[R(x)]) break;
        ssize run = 0;
        while (run < 62 && x + 1 + run < limit && LABEL[R(x + 1 + run)]) run++;
        ssize len = run + 1;
        while (len > 1 && !ALNUM[R(x + len - 1)]) len--;
        pos = x + len;
        repeats++;
    }
    return repeats ? pos : -1;
#undef R
}

/* _locate_host */
static int locate_host(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end) {
    if (end + 1 < n && (b[end] == '.' || b[end] == '-' || b[end] == '@') && WORD[b[end + 1]])
        return NONE;
    ssize length = host_reversed(b, end, end > 128 ? 128 : end);
    if (length > 64 && end > 128) length = host_reversed(b, end, end > 253 ? 253 : end);
    if (length < 0) return NONE;
    ssize start = end - length;
    if (start && WORD[b[start - 1]]) return NONE;
    *out_start = start;
    *out_end = end;
    return FOUND;
}

/* _VERSION_WORD.search(buf, lo, stop): (?i)(?:version|release|build|rev|ver|v)[ :=]{0,2}$ */
static int version_word(const u8 *b, ssize lo, ssize stop) {
    static const char *words[] = {"version", "release", "build", "rev", "ver", "v", NULL};
    ssize ends[2] = {stop, stop - 1};
    int count = (stop - 1 >= lo && b[stop - 1] == '\n') ? 2 : 1;
    for (int e = 0; e < count; e++) {
        for (ssize k = 0; k <= 2; k++) {
            ssize word_end = ends[e] - k;
            if (word_end < lo) break;
            if (k && !(b[word_end] == ' ' || b[word_end] == ':' || b[word_end] == '=')) break;
            for (const char **w = words; *w; w++) {
                ssize len = (ssize)strlen(*w), i = 0;
                if (word_end - len < lo) continue;
                while (i < len && lower(b[word_end - len + i]) == (*w)[i]) i++;
                if (i == len) return 1;
            }
        }
    }
    return 0;
}

/* _ipv4_exact(adjust) */
static int locate_ipv4_exact(const u8 *b, ssize start, ssize end, ssize adjust,
                             ssize *out_start, ssize *out_end) {
    if (!DIGIT[b[start]]) start++;
    if (start > 1 && VERSION_LETTER[b[start - 2]] &&
        version_word(b, start > 10 ? start - 10 : 0, start))
        return NONE;
    *out_start = start;
    *out_end = end - adjust;
    return FOUND;
}

/* _ipv6_plain_valid (no '.' in the value) */
static int ipv6_plain_valid(const u8 *v, ssize n) {
    ssize dbl = -1;
    for (ssize i = 0; i + 1 < n; i++)
        if (v[i] == ':' && v[i + 1] == ':') { dbl = i; break; }
    ssize segments[2][2];
    int nseg;
    if (dbl >= 0) {
        segments[0][0] = 0; segments[0][1] = dbl;
        segments[1][0] = dbl + 2; segments[1][1] = n;
        nseg = 2;
    } else {
        segments[0][0] = 0; segments[0][1] = n;
        nseg = 1;
    }
    ssize groups = 0, longest = 0;
    int empty = 0;
    for (int s = 0; s < nseg; s++) {
        ssize lo = segments[s][0], hi = segments[s][1];
        if (dbl >= 0 && lo == hi) continue;  /* an empty head or tail adds no group */
        ssize len = 0;
        for (ssize i = lo; i <= hi; i++) {
            if (i == hi || v[i] == ':') {
                groups++;
                if (len == 0) empty = 1;
                if (len > longest) longest = len;
                len = 0;
            } else {
                len++;
            }
        }
    }
    if (dbl >= 0 ? groups > 7 : groups != 8) return 0;
    return groups == 0 || (!empty && longest <= 4);
}

/* _ipv6_span */
static int ipv6_span(const u8 *b, ssize n, ssize start, ssize stop,
                     ssize *out_start, ssize *out_end, int *detector) {
    while (b[stop - 1] == '.') stop--;
    if (b[stop - 1] == ':' && b[stop - 2] != ':') stop--;
    if (stop < n && WORD[b[stop]]) return NONE;
    const u8 *v = b + start;
    ssize len = stop - start;
    if ((len == 3 && memcmp(v, "::1", 3) == 0) || (len == 2 && memcmp(v, "::", 2) == 0))
        return NONE;
    if (memchr(v, '.', (size_t)len) != NULL) return DEFER;  /* embedded IPv4: the regex */
    if (!ipv6_plain_valid(v, len)) return NONE;
    *detector = D_IPV6;
    *out_start = start;
    *out_end = stop;
    return FOUND;
}

/* _mac_span */
static int mac_span(const u8 *b, ssize n, ssize start, ssize stop,
                    ssize *out_start, ssize *out_end, int *detector) {
    if (stop < n && (WORD[b[stop]] || b[stop] == ':' || b[stop] == '-')) return NONE;
    /* mac_normal: twelve hex digits once ':-.' are removed, not all 0 nor all f */
    int digits = 0, zeros = 0, fs = 0;
    for (ssize i = start; i < stop; i++) {
        int c = lower(b[i]);
        if (c == ':' || c == '-' || c == '.') continue;
        digits++;
        zeros += c == '0';
        fs += c == 'f';
    }
    if (digits != 12 || zeros == 12 || fs == 12) return NONE;
    *detector = D_MAC;
    *out_start = start;
    *out_end = stop;
    return FOUND;
}

/* the run of hex digits and colons before `end` (45 bytes at most), and after it */
static ssize hexcolon_start(const u8 *b, ssize end) {
    ssize lo = end > 45 ? end - 45 : 0, start = end;
    while (start > lo && HEXCOLON[b[start - 1]]) start--;
    return start;
}

static ssize hexcolon_stop(const u8 *b, ssize n, ssize end) {
    ssize stop = end;
    while (stop < n && stop - end < 45 && HEXCOLON_RUN[b[stop]]) stop++;
    return stop;
}

/* _locate_hexcolon */
static int locate_hexcolon(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end,
                           int *detector) {
    ssize mac = end - 16;
    if (mac >= 0 && end + 1 < n && b[mac + 2] == ':' && b[mac + 5] == ':' &&
        b[mac + 8] == ':' && b[mac + 11] == ':' && b[mac + 14] == ':' && HEX[b[mac]] &&
        HEX[b[end]]) {
        int before = mac ? b[mac - 1] : 32, after = b[end + 1];
        if (!HEXCOLON[before] && !HEXCOLON_RUN[after]) {
            if (WORD[before] || WORD[after] || after == '-') return NONE;
            static const char *no_mac[] = {"00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"};
            for (int k = 0; k < 2; k++) {
                int i = 0;
                while (i < 17 && lower(b[mac + i]) == no_mac[k][i]) i++;
                if (i == 17) return NONE;
            }
            *detector = D_MAC;
            *out_start = mac;
            *out_end = end + 1;
            return FOUND;
        }
    }
    ssize start = hexcolon_start(b, end);
    if (start && WORD[b[start - 1]]) return NONE;
    ssize stop = hexcolon_stop(b, n, end);
    if (stop - start == 17) {
        const u8 *v = b + start;
        int colons = 0, dot = 0;
        for (int i = 0; i < 17; i++) { colons += v[i] == ':'; dot |= v[i] == '.'; }
        if (v[2] == ':' && v[5] == ':' && v[8] == ':' && v[11] == ':' && v[14] == ':' &&
            colons == 5 && !dot)
            return mac_span(b, n, start, stop, out_start, out_end, detector);
    }
    return ipv6_span(b, n, start, stop, out_start, out_end, detector);
}

/* _locate_mac_dash */
static int locate_mac_dash(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end,
                           int *detector) {
    ssize start = end - 17;
    if (start && (WORD[b[start - 1]] || b[start - 1] == '-')) return NONE;
    return mac_span(b, n, start, end, out_start, out_end, detector);
}

/* _locate_ipv6 */
static int locate_ipv6(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end,
                       int *detector) {
    ssize start = hexcolon_start(b, end);
    if (start && WORD[b[start - 1]]) return NONE;
    return ipv6_span(b, n, start, hexcolon_stop(b, n, end), out_start, out_end, detector);
}

/* _locate_url_credentials */
static int locate_url_credentials(const u8 *b, ssize end, ssize *out_start, ssize *out_end) {
    ssize at = end - 1, scheme = rfind(b, at > 400 ? at - 400 : 0, at, "://");
    if (scheme < 0) return DEFER;  /* the trigger always has one; the Python locate decides */
    *out_start = scheme + 3;
    *out_end = at;
    return FOUND;
}

/* ---------------------------------------------------------------- numeric.py, validators.py */

/* luhn_valid, with the same byte arithmetic (a non-digit adds its byte value - 48) */
static int luhn_valid(const u8 *d, ssize n) {
    static const u8 dbl[10] = {'0', '2', '4', '6', '8', '1', '3', '5', '7', '9'};
    long total = 0;
    for (ssize i = n - 1, k = 0; i >= 0; i--, k++) {
        int c = d[i];
        total += (k & 1) && DIGIT[c] ? dbl[c - '0'] : c;
    }
    total -= 48 * (long)n;
    return ((total % 10) + 10) % 10 == 0;
}

/* _card_shape; DEFER where Python's int() would raise */
static int card_shape(const u8 *d, ssize n) {
    int first = d[0];
    if (first == '4') return n == 13 || n == 16 || n == 19;
    if (first == '5') return n == 16 && d[1] >= '1' && d[1] <= '5';
    if (first == '2') {
        if (n != 16) return 0;
        for (int i = 0; i < 4; i++) if (!DIGIT[d[i]]) return DEFER;
        int v = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        return v >= 2221 && v <= 2720;
    }
    if (first == '6') return n >= 16 && n <= 19;
    if (first == '3') {
        int second = d[1];
        if (second == '4' || second == '7') return n == 15;
        return (second == '5' && n >= 16 && n <= 19) ||
               ((second == '0' || second == '6' || second == '8' || second == '9') &&
                n >= 14 && n <= 19);
    }
    return 0;
}

static int card_valid(const u8 *d, ssize n) {
    int shape = card_shape(d, n);
    if (shape != 1) return shape;
    return luhn_valid(d, n);
}

static int cn_mobile_valid(const u8 *d, ssize n) {
    return n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

static int is_leap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

/* cn_id_valid */
static int cn_id_valid(const u8 *v, ssize n) {
    static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
                                    41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64,
                                    65, 71, 81, 82, 83, 91, 0};
    static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n != 18) return 0;
    for (int i = 0; i < 17; i++) if (!DIGIT[v[i]]) return 0;
    int province = (v[0] - '0') * 10 + (v[1] - '0'), known = 0;
    for (const int *p = provinces; *p; p++) known |= *p == province;
    if (!known) return 0;
    int year = 0;
    for (int i = 6; i < 10; i++) year = year * 10 + (v[i] - '0');
    if (year < 1900 || year > 2100) return 0;
    int month = (v[10] - '0') * 10 + (v[11] - '0'), day = (v[12] - '0') * 10 + (v[13] - '0');
    if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1]) return 0;
    if (month == 2 && day == 29 && !is_leap(year)) return 0;
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (v[i] - '0') * ((1 << (17 - i)) % 11);
    int check = "10X98765432"[sum % 11];
    return v[17] == check || (check == 'X' && v[17] == 'x');
}

static const char *CN_PREFIXES[] = {"(+86)", "+86", "0086", "86", NULL};
static const char *NANP_PREFIXES[] = {"+1", "1", NULL};

/* _with_cn_prefix */
static ssize with_cn_prefix(const u8 *b, ssize start) {
    if (start == 0 || !CN_BEFORE[b[start - 1]]) return start;
    ssize prefix = prefix_search(b, start > 6 ? start - 6 : 0, start, CN_PREFIXES, " -");
    return prefix >= 0 ? prefix : start;
}

static int ends_cleanly(const u8 *b, ssize n, ssize stop) {
    if (stop >= n) return 1;
    int after = b[stop];
    if (WORD[after]) return 0;
    return !((after == '.' || after == ',') && stop + 1 < n && DIGIT[b[stop + 1]]);
}

static int starts_cleanly(const u8 *b, ssize start) {
    if (start == 0) return 1;
    int before = b[start - 1];
    if (WORD[before]) return 0;
    return !((before == '.' || before == ',') && start > 1 && DIGIT[b[start - 2]]);
}

/* _locate_run */
static int locate_run(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end,
                      int *detector) {
    ssize start = end - 11, stop = end;
    while (stop < n && stop - end < 9 && DIGIT[b[stop]]) stop++;
    ssize count = stop - start;
    if (count > 19) return NONE;
    if (count == 17 && stop < n && (b[stop] == 'X' || b[stop] == 'x')) {
        stop++;
        count = 18;
    }
    if (!ends_cleanly(b, n, stop) ||
        (start > 1 && (b[start - 1] == '.' || b[start - 1] == ',') && DIGIT[b[start - 2]]))
        return NONE;
    const u8 *d = b + start;
    *out_end = stop;
    if (count == 18 && cn_id_valid(d, count)) {
        *out_start = start;
        *detector = D_CN_ID;
        return FOUND;
    }
    if (count == 11) {
        if (!cn_mobile_valid(d, count)) return NONE;
        *out_start = with_cn_prefix(b, start);
        *detector = D_PHONE;
        return FOUND;
    }
    if (count == 13 && d[0] == '8' && d[1] == '6' && cn_mobile_valid(d + 2, 11)) {
        *out_start = start && b[start - 1] == '+' ? start - 1 : start;
        *detector = D_PHONE;
        return FOUND;
    }
    int card = card_valid(d, count);
    if (card == DEFER) return DEFER;
    if (card) {
        *out_start = start;
        *detector = D_CARD;
        return FOUND;
    }
    if (start && b[start - 1] == '+' && count <= 15) {
        *out_start = start - 1;
        *detector = D_PHONE;
        return FOUND;
    }
    return NONE;
}

/* _locate_groups */
static int locate_groups(const u8 *b, ssize n, ssize start, ssize end, ssize *out_start,
                         ssize *out_end, int *detector) {
    static const int card_shapes[][6] = {  /* length, then the group lengths */
        {4, 4, 4, 4, 4}, {5, 4, 4, 4, 4, 3}, {5, 4, 4, 4, 4, 2}, {5, 4, 4, 4, 4, 1},
        {3, 4, 6, 5}, {3, 4, 6, 4}, {4, 4, 4, 4, 3}, {4, 4, 4, 4, 2}, {4, 4, 4, 4, 1}};
    if (!DIGIT[b[start]]) start++;
    int separator = (b[end - 5] == ' ' || b[end - 5] == '-') ? b[end - 5] : b[end - 6];
    if (start > 1 && b[start - 1] == separator && DIGIT[b[start - 2]]) return NONE;
    ssize stop = end;
    for (int i = 0; i < 3; i++) {
        if (stop + 1 >= n || b[stop] != separator || !DIGIT[b[stop + 1]]) break;
        ssize k = 0;
        while (k < 4 && stop + 1 + k < n && DIGIT[b[stop + 1 + k]]) k++;
        stop += 1 + k;
    }
    if (!starts_cleanly(b, start) || !ends_cleanly(b, n, stop)) return NONE;
    /* buf[start:stop].split(b" " if separator == 32 else b"-") */
    int split = separator == ' ' ? ' ' : '-';
    ssize group_start[8], group_len[8];
    int groups = 0;
    ssize from = start;
    for (ssize i = start; i <= stop; i++) {
        if (i == stop || b[i] == split) {
            if (groups == 8) return DEFER;
            group_start[groups] = from;
            group_len[groups++] = i - from;
            from = i + 1;
        }
    }
    for (int count = groups < 5 ? groups : 5; count > 2; count--) {
        if (count == 3 && group_len[0] == 3 && group_len[1] == 4 && group_len[2] == 4) {
            u8 d[11];
            memcpy(d, b + group_start[0], 3);
            memcpy(d + 3, b + group_start[1], 4);
            memcpy(d + 7, b + group_start[2], 4);
            if (cn_mobile_valid(d, 11)) {
                *out_start = with_cn_prefix(b, start);
                *out_end = start + 13;
                *detector = D_PHONE;
                return FOUND;
            }
        } else if (count == 3 && group_len[0] == 3 && group_len[1] == 3 && group_len[2] == 4) {
            u8 a = b[group_start[0]], c = b[group_start[1]];
            if (a >= '2' && a <= '9' && c >= '2' && c <= '9') {
                ssize prefix = prefix_search(b, start > 3 ? start - 3 : 0, start, NANP_PREFIXES,
                                             " -.");
                *out_start = prefix >= 0 ? prefix : start;
                *out_end = start + 12;
                *detector = D_PHONE;
                return FOUND;
            }
        } else {
            int shape = 0;
            for (size_t s = 0; s < sizeof card_shapes / sizeof card_shapes[0] && !shape; s++) {
                if (card_shapes[s][0] != count) continue;
                int same = 1;
                for (int g = 0; g < count; g++) same &= group_len[g] == card_shapes[s][g + 1];
                shape = same;
            }
            if (!shape) continue;
            u8 d[32];
            ssize len = 0, total = 0;
            for (int g = 0; g < count; g++) {
                memcpy(d + len, b + group_start[g], (size_t)group_len[g]);
                len += group_len[g];
                total += group_len[g];
            }
            int card = card_valid(d, len);
            if (card == DEFER) return DEFER;
            if (card) {
                *out_start = start;
                *out_end = start + total + count - 1;
                *detector = D_CARD;
                return FOUND;
            }
        }
    }
    return NONE;
}


/* ---------------------------------------------------------------- URL hosts, home folders, bearer */

/* is_pseudonym for a value without '@': one of our detector names, '-', digits */
static int pseudonym_shape(const u8 *v, ssize n) {
    for (int d = 0; d < 12; d++) {
        static const char *names[] = {"token", "url-credentials", "email", "cn-id", "card",
                                      "phone", "ipv6", "mac", "ipv4", "host", "user", "secret"};
        ssize k = (ssize)strlen(names[d]);
        if (n < k + 2 || memcmp(v, names[d], (size_t)k) != 0 || v[k] != '-') continue;
        ssize i = k + 1;
        while (i < n && DIGIT[v[i]]) i++;
        if (i == n) return 1;
    }
    return 0;
}

/* _locate_url_host: the reversed host must be _HOST_REVERSED as a whole, that is split at
 * '.' into 2-24 letters and 1-10 labels of 1-63 [A-Za-z0-9-] with alphanumeric ends */
static int locate_url_host(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end) {
    ssize start = rfind(b, end > 256 ? end - 256 : 0, end, "@") + 1;
    if (end + 1 < n && (b[end] == '.' || b[end] == '-') && WORD[b[end + 1]]) return NONE;
    if (!start) return NONE;
    ssize hi = end, segment = 0;
    while (1) {
        ssize lo = hi;
        while (lo > start && b[lo - 1] != '.') lo--;
        ssize len = hi - lo;
        if (segment == 0) {
            if (len < 2 || len > 24) return NONE;
            for (ssize i = lo; i < hi; i++) if (!ALPHA[b[i]]) return NONE;
        } else {
            if (len < 1 || len > 63 || !ALNUM[b[lo]] || !ALNUM[b[hi - 1]]) return NONE;
            for (ssize i = lo; i < hi; i++) if (!LABEL[b[i]]) return NONE;
        }
        segment++;
        if (lo == start) break;
        hi = lo - 1;  /* past the '.' */
        if (hi == start) return NONE;  /* a leading '.': an empty label */
    }
    if (segment < 2 || segment > 11) return NONE;
    *out_start = start;
    *out_end = end;
    return FOUND;
}

/* _in_web_url */
static int in_web_url(const u8 *b, ssize n, ssize position) {
    if (position > 0 && URL_BREAK[b[position - 1]]) return 0;
    if (position < 0) return -1;  /* Python's rfind would read -1 as len - 1 */
    ssize scheme_end = rfind(b, position > 256 ? position - 256 : 0, position, "://");
    if (scheme_end < 4) return 0;
    for (ssize i = scheme_end; i < position; i++) if (URL_BREAK[b[i]]) return 0;
    const u8 *s = b + scheme_end - 4;
    return (lower(s[0]) == 'h' && lower(s[1]) == 't' && lower(s[2]) == 't' && lower(s[3]) == 'p') ||
           (lower(s[0]) == 't' && lower(s[1]) == 't' && lower(s[2]) == 'p' && lower(s[3]) == 's');
}

/* _user_span */
static int user_span(const u8 *b, ssize n, ssize start, ssize stop, ssize prefix_start,
                     ssize *out_start, ssize *out_end) {
    static const char *generic[] = {"public", "default", "default user", "all users", "shared",
                                    "defaultapppool", NULL};
    while (stop > start && (b[stop - 1] == '.' || b[stop - 1] == ' ')) stop--;
    ssize len = stop - start;
    if (len == 0) return NONE;
    for (const char **g = generic; *g; g++) {
        ssize k = (ssize)strlen(*g), i = 0;
        if (k != len) continue;
        while (i < len && lower(b[start + i]) == (*g)[i]) i++;
        if (i == len) return NONE;
    }
    if (len >= 5 && memcmp(b + start, "user-", 5) == 0) {
        if (memchr(b + start, '@', (size_t)len) != NULL) return DEFER;
        if (pseudonym_shape(b + start, len)) return NONE;
    }
    if (prefix_start > 0 && b[prefix_start - 1] && strchr(".~%-", b[prefix_start - 1]))
        return NONE;
    int web = in_web_url(b, n, prefix_start);
    if (web < 0) return DEFER;
    if (web) return NONE;
    *out_start = start;
    *out_end = stop;
    return FOUND;
}

/* _locate_user_unix */
static int locate_user_unix(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end) {
    ssize start = end - 1, stop = end;
    while (stop < n && stop - end < 63 && UNIX_NAME[b[stop]]) stop++;
    ssize prefix = rfind(b, start > 8 ? start - 8 : 0, start - 1, "/");
    return user_span(b, n, start, stop, prefix, out_start, out_end);
}

/* _locate_user_windows */
static int locate_user_windows(const u8 *b, ssize n, ssize end, ssize *out_start,
                               ssize *out_end) {
    ssize start = end - 1, stop = start;
    while (stop < n && stop - start < 64 && !NOT_WINDOWS_NAME[b[stop]]) stop++;
    if (stop == start) return DEFER;  /* no match: Python raises */
    if (stop >= n || (b[stop] != '\\' && b[stop] != '/')) {
        const u8 *space = memchr(b + start, ' ', (size_t)(stop - start));
        if (space != NULL) stop = space - b;
    }
    ssize colon = rfind(b, start > 12 ? start - 12 : 0, start, ":");
    return user_span(b, n, start, stop, colon - 1, out_start, out_end);
}

/* _locate_bearer; the regex (values of 64 bytes and more, or padded with '=') is Python's */
static int locate_bearer(const u8 *b, ssize n, ssize end, ssize *out_start, ssize *out_end) {
    ssize start = end - 1, limit = start + 64 < n ? start + 64 : n, stop = start;
    while (stop < limit && BEARER[b[stop]]) stop++;
    if (stop == limit || b[stop] == '=') return DEFER;
    if (stop - start < 16) return NONE;
    ssize i = start;
    while (i < stop && b[i] == b[start]) i++;
    if (i == stop) return NONE;  /* "****************" */
    if (memchr(b + start, '-', (size_t)(stop - start)) != NULL &&
        pseudonym_shape(b + start, stop - start))
        return NONE;
    *out_start = start;
    *out_end = stop;
    return FOUND;
}

/* ---------------------------------------------------------------- the callback */

typedef struct {
    PyObject_HEAD
    PyObject *buf;       /* bytes */
    ssize lo;
    PyObject *kinds;     /* bytes: one kind per trigger index */
    PyObject *locates;   /* list of Python locates */
    PyObject *out;       /* list of spans */
} Collector;

static int append_span(PyObject *out, ssize start, ssize end, PyObject *name) {
    PyObject *span = PyTuple_New(3);
    if (span == NULL) return -1;
    PyObject *a = PyLong_FromSsize_t(start), *b = PyLong_FromSsize_t(end);
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(span);
        return -1;
    }
    Py_INCREF(name);
    PyTuple_SET_ITEM(span, 0, a);
    PyTuple_SET_ITEM(span, 1, b);
    PyTuple_SET_ITEM(span, 2, name);
    int rc = PyList_Append(out, span);
    Py_DECREF(span);
    return rc;
}

static PyObject *Collector_call(Collector *self, PyObject *args, PyObject *kwargs) {
    PyObject *oindex, *ostart, *oend, *flags, *context;
    if (!PyArg_UnpackTuple(args, "Collector", 3, 5, &oindex, &ostart, &oend, &flags, &context))
        return NULL;
    ssize index = PyLong_AsSsize_t(oindex);
    ssize start = PyLong_AsSsize_t(ostart) + self->lo;
    ssize end = PyLong_AsSsize_t(oend) + self->lo;
    if (PyErr_Occurred()) return NULL;
    const u8 *b = (const u8 *)PyBytes_AS_STRING(self->buf);
    ssize n = PyBytes_GET_SIZE(self->buf);
    int kind = index >= 0 && index < PyBytes_GET_SIZE(self->kinds)
                   ? ((const u8 *)PyBytes_AS_STRING(self->kinds))[index] : K_PYTHON;
    ssize s = 0, e = 0;
    int detector = D_EMAIL, rc = DEFER;
    if (start < 0 || end < start || end > n) kind = K_PYTHON;
    switch (kind) {
    case K_EMAIL: rc = end >= 2 ? locate_email(b, n, end, &s, &e) : DEFER; detector = D_EMAIL; break;
    case K_HOST: rc = locate_host(b, n, end, &s, &e); detector = D_HOST; break;
    case K_IPV4_0: case K_IPV4_1: case K_IPV4_2:
        if (start < n) rc = locate_ipv4_exact(b, start, end, kind - K_IPV4_0, &s, &e);
        detector = D_IPV4;
        break;
    case K_RUN: rc = end >= 11 ? locate_run(b, n, end, &s, &e, &detector) : DEFER; break;
    case K_GROUPS:
        if (end >= 6 && start < n) rc = locate_groups(b, n, start, end, &s, &e, &detector);
        break;
    case K_HEXCOLON: rc = end >= 3 ? locate_hexcolon(b, n, end, &s, &e, &detector) : DEFER; break;
    case K_MAC_DASH: rc = end >= 17 ? locate_mac_dash(b, n, end, &s, &e, &detector) : DEFER; break;
    case K_IPV6: rc = end >= 3 ? locate_ipv6(b, n, end, &s, &e, &detector) : DEFER; break;
    case K_URL_HOST: rc = locate_url_host(b, n, end, &s, &e); detector = D_HOST; break;
    case K_USER_UNIX:
        rc = end >= 9 ? locate_user_unix(b, n, end, &s, &e) : DEFER;
        detector = D_USER;
        break;
    case K_USER_WINDOWS:
        rc = end >= 1 ? locate_user_windows(b, n, end, &s, &e) : DEFER;
        detector = D_USER;
        break;
    case K_BEARER:
        rc = end >= 1 ? locate_bearer(b, n, end, &s, &e) : DEFER;
        detector = D_TOKEN;
        break;
    case K_URL_CREDENTIALS:
        rc = locate_url_credentials(b, end, &s, &e);
        detector = D_URL_CREDENTIALS;
        break;
    default: break;
    }
    if (rc == FOUND && (s < 0 || e < s || e > n)) rc = DEFER;  /* offsets no trigger reports */
    if (rc == FOUND) {
        if (append_span(self->out, s, e, detector_str[detector]) < 0) return NULL;
        Py_RETURN_NONE;
    }
    if (rc == NONE) Py_RETURN_NONE;
    PyObject *locate = PyList_GetItem(self->locates, index);
    if (locate == NULL) return NULL;
    Py_INCREF(locate);
    PyObject *call_args[3] = {self->buf, NULL, NULL};
    call_args[1] = PyLong_FromSsize_t(start);
    call_args[2] = PyLong_FromSsize_t(end);
    PyObject *span = NULL;
    if (call_args[1] != NULL && call_args[2] != NULL)
        span = PyObject_Vectorcall(locate, call_args, 3, NULL);
    Py_DECREF(locate);
    Py_XDECREF(call_args[1]);
    Py_XDECREF(call_args[2]);
    if (span == NULL) return NULL;
    int failed = span != Py_None && PyList_Append(self->out, span) < 0;
    Py_DECREF(span);
    if (failed) return NULL;
    Py_RETURN_NONE;
}

static int Collector_init(Collector *self, PyObject *args, PyObject *kwargs) {
    PyObject *buf, *kinds, *locates, *out;
    ssize lo;
    if (!PyArg_ParseTuple(args, "O!nO!O!O!:Collector", &PyBytes_Type, &buf, &lo, &PyBytes_Type,
                          &kinds, &PyList_Type, &locates, &PyList_Type, &out))
        return -1;
    if (lo < 0 || lo > PyBytes_GET_SIZE(buf)) {
        PyErr_SetString(PyExc_ValueError, "lo is outside the buffer");
        return -1;
    }
    Py_INCREF(buf);
    Py_INCREF(kinds);
    Py_INCREF(locates);
    Py_INCREF(out);
    Py_XSETREF(self->buf, buf);
    Py_XSETREF(self->kinds, kinds);
    Py_XSETREF(self->locates, locates);
    Py_XSETREF(self->out, out);
    self->lo = lo;
    return 0;
}

static int Collector_traverse(Collector *self, visitproc visit, void *arg) {
    Py_VISIT(self->locates);
    Py_VISIT(self->out);
    return 0;
}

static int Collector_clear(Collector *self) {
    Py_CLEAR(self->buf);
    Py_CLEAR(self->kinds);
    Py_CLEAR(self->locates);
    Py_CLEAR(self->out);
    return 0;
}

static void Collector_dealloc(Collector *self) {
    PyObject_GC_UnTrack(self);
    Collector_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Collector_new_checked(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    Collector *self = (Collector *)type->tp_alloc(type, 0);
    return (PyObject *)self;
}

static PyObject *Collector_call_checked(PyObject *self, PyObject *args, PyObject *kwargs) {
    if (((Collector *)self)->buf == NULL) {
        PyErr_SetString(PyExc_ValueError, "Collector is not initialised");
        return NULL;
    }
    return Collector_call((Collector *)self, args, kwargs);
}

static PyTypeObject CollectorType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "support_assistant.core.scan._native.Collector",
    .tp_doc = "Collector(buf, lo, kinds, locates, out): the hyperscan match callback.",
    .tp_basicsize = sizeof(Collector),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = Collector_new_checked,
    .tp_init = (initproc)Collector_init,
    .tp_dealloc = (destructor)Collector_dealloc,
    .tp_traverse = (traverseproc)Collector_traverse,
    .tp_clear = (inquiry)Collector_clear,
    .tp_call = Collector_call_checked,
};

/* matches(buf, spans, base, cls): [cls(detector, start + base, end + base, buf[start:end])
 * for start, end, detector in spans], as engine._matches builds them; cls is a tuple
 * subclass of four fields (engine.Match) */
static PyObject *build_matches(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 4 || !PyBytes_CheckExact(args[0]) || !PyList_CheckExact(args[1]) ||
        !PyType_Check(args[3]) || !PyType_IsSubtype((PyTypeObject *)args[3], &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "matches(buf: bytes, spans: list, base: int, cls)");
        return NULL;
    }
    PyObject *buf = args[0], *spans = args[1];
    PyTypeObject *cls = (PyTypeObject *)args[3];
    ssize base = PyLong_AsSsize_t(args[2]);
    if (base == -1 && PyErr_Occurred()) return NULL;
    const char *b = PyBytes_AS_STRING(buf);
    ssize n = PyBytes_GET_SIZE(buf), count = PyList_GET_SIZE(spans);
    PyObject *out = PyList_New(count);
    if (out == NULL) return NULL;
    for (ssize i = 0; i < count; i++) {
        PyObject *span = PyList_GET_ITEM(spans, i);
        if (!PyTuple_CheckExact(span) || PyTuple_GET_SIZE(span) != 3) {
            PyErr_SetString(PyExc_TypeError, "a span is a (start, end, detector) tuple");
            goto fail;
        }
        ssize start = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
        ssize end = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
        if (PyErr_Occurred()) goto fail;
        if (start < 0 || end < start || end > n) {
            PyErr_SetString(PyExc_ValueError, "a span is outside the buffer");
            goto fail;
        }
        PyObject *match = cls->tp_alloc(cls, 4);
        if (match == NULL) goto fail;
        PyList_SET_ITEM(out, i, match);
        PyObject *detector = PyTuple_GET_ITEM(span, 2);
        Py_INCREF(detector);
        PyTuple_SET_ITEM(match, 0, detector);
        PyObject *value;
        if ((value = PyLong_FromSsize_t(start + base)) == NULL) goto fail;
        PyTuple_SET_ITEM(match, 1, value);
        if ((value = PyLong_FromSsize_t(end + base)) == NULL) goto fail;
        PyTuple_SET_ITEM(match, 2, value);
        if ((value = PyBytes_FromStringAndSize(b + start, end - start)) == NULL) goto fail;
        PyTuple_SET_ITEM(match, 3, value);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"matches", (PyCFunction)(void (*)(void))build_matches, METH_FASTCALL,
     "matches(buf, spans, base, cls): the Match tuples of spans (engine._matches)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native",
    "Compiled locates for the scan engine (optional; the Python ones are the reference).", -1,
    methods};

PyMODINIT_FUNC PyInit__native(void) {
    init_tables();
    if (PyType_Ready(&CollectorType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    for (int d = 0; d < D_COUNT; d++) {
        detector_str[d] = PyUnicode_InternFromString(DETECTOR_NAMES[d]);
        if (detector_str[d] == NULL) goto fail;
    }
    PyObject *kinds = PyDict_New();
    if (kinds == NULL || PyModule_AddObject(m, "KINDS", kinds) < 0) {
        Py_XDECREF(kinds);
        goto fail;
    }
    for (int k = 1; k < K_COUNT; k++) {
        PyObject *value = PyLong_FromLong(k);
        if (value == NULL || PyDict_SetItemString(kinds, KIND_NAMES[k], value) < 0) {
            Py_XDECREF(value);
            goto fail;
        }
        Py_DECREF(value);
    }
    Py_INCREF(&CollectorType);
    if (PyModule_AddObject(m, "Collector", (PyObject *)&CollectorType) < 0) {
        Py_DECREF(&CollectorType);
        goto fail;
    }
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
