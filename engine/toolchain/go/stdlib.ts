/**
 * The standard library as the mocked toolchain sees it: which import paths exist, and
 * roughly how many bytes each adds to a linked binary (with what it pulls in that the
 * runtime does not already carry). The weights are calibrated so the guide's client
 * and server land near their real sizes (7.58 MB and 7.46 MB).
 */

/** Bytes every Go program carries (runtime, GC, scheduler, type data). */
export const RUNTIME_BYTES = 1_210_000;

/** Linked size of the heavy packages; others use `DEFAULT_STD_BYTES`. */
const WEIGHTS: Record<string, number> = {
  fmt: 420_000,
  'net/http': 5_480_000,
  net: 1_400_000,
  'crypto/tls': 1_900_000,
  'encoding/json': 310_000,
  os: 140_000,
  'os/exec': 160_000,
  io: 50_000,
  log: 24_000,
  strings: 60_000,
  strconv: 80_000,
  regexp: 260_000,
  time: 180_000,
  reflect: 300_000,
  'text/template': 520_000,
  'html/template': 780_000,
  'database/sql': 260_000,
  testing: 600_000,
  flag: 60_000,
  sort: 20_000,
  errors: 8_000,
  context: 40_000,
  sync: 30_000,
  bufio: 40_000,
  bytes: 50_000,
};

/** Linked size of a std package without its own weight. */
export const DEFAULT_STD_BYTES = 45_000;

const STD = `archive/tar archive/zip bufio bytes cmp compress/bzip2 compress/flate compress/gzip compress/lzw compress/zlib
container/heap container/list container/ring context crypto crypto/aes crypto/cipher crypto/des crypto/dsa crypto/ecdh
crypto/ecdsa crypto/ed25519 crypto/elliptic crypto/hmac crypto/md5 crypto/rand crypto/rc4 crypto/rsa crypto/sha1
crypto/sha256 crypto/sha512 crypto/subtle crypto/tls crypto/x509 crypto/x509/pkix database/sql database/sql/driver
debug/buildinfo debug/dwarf debug/elf debug/gosym debug/macho debug/pe embed encoding encoding/ascii85 encoding/asn1
encoding/base32 encoding/base64 encoding/binary encoding/csv encoding/gob encoding/hex encoding/json encoding/pem
encoding/xml errors expvar flag fmt go/ast go/build go/constant go/doc go/format go/importer go/parser go/printer
go/scanner go/token go/types hash hash/adler32 hash/crc32 hash/crc64 hash/fnv hash/maphash html html/template image
image/color image/draw image/gif image/jpeg image/png index/suffixarray io io/fs io/ioutil log log/slog log/syslog
maps math math/big math/bits math/cmplx math/rand mime mime/multipart mime/quotedprintable net net/http net/http/cgi
net/http/cookiejar net/http/fcgi net/http/httptest net/http/httptrace net/http/httputil net/http/pprof net/mail
net/netip net/rpc net/rpc/jsonrpc net/smtp net/textproto net/url os os/exec os/signal os/user path path/filepath
plugin reflect regexp regexp/syntax runtime runtime/cgo runtime/debug runtime/metrics runtime/pprof runtime/trace
slices sort strconv strings sync sync/atomic syscall testing testing/fstest testing/iotest testing/quick text/scanner
text/tabwriter text/template text/template/parse time time/tzdata unicode unicode/utf16 unicode/utf8 unsafe`;

const STD_SET: ReadonlySet<string> = new Set(STD.split(/\s+/));

/** Packages that only exist from a given Go minor version. */
const SINCE: Record<string, number> = { cmp: 21, maps: 21, slices: 21, 'log/slog': 21 };

/** Whether `path` is a standard library package in Go `1.<minor>`. */
export function isStd(path: string, minor: number): boolean {
  return STD_SET.has(path) && minor >= (SINCE[path] ?? 0);
}

/** Whether `path` looks like a std path (first element without a dot), as cmd/go decides. */
export function looksStd(path: string): boolean {
  return !path.split('/')[0]!.includes('.');
}

/** Linked bytes `path` adds to a binary. */
export function stdWeight(path: string): number {
  return WEIGHTS[path] ?? DEFAULT_STD_BYTES;
}
