"""Fetch one http(s) URL with our own client: a timeout, a size limit enforced while
streaming, and no other scheme (never `Graph.parse(url)`, which follows file:// too).

Server-side request forgery guard: a URL typed into `ingest`, or sent through an exposed
app, must not reach the machine's own services or the local network (an admin page on
127.0.0.1, a cloud metadata endpoint on 169.254.169.254). So each hop's host is resolved
first and refused if any of its addresses is loopback, private, link-local, multicast or
otherwise not globally routable; redirects are followed by hand so every hop is checked
again; and the connection goes to the address that was checked (the Host header and TLS SNI
keep the name), so a second DNS answer cannot swap in another address. The environment's
proxy settings are ignored for the same reason. `COUNTERPOINT_FETCH_ALLOW_PRIVATE=1` lifts the
address check (a corporate intranet, or tests with a loopback server).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import replace
from urllib.parse import urljoin, urlsplit, urlunsplit

from counterpoint.corpus.ids import canonical_url
from counterpoint.corpus.loaders.common import check_size, fallback_title
from counterpoint.corpus.loaders.html import decode_html, html_to_raw
from counterpoint.corpus.loaders.markdown import load_markdown
from counterpoint.corpus.loaders.pdf import load_pdf
from counterpoint.corpus.loaders.text import load_text
from counterpoint.corpus.models import RawDocument
from counterpoint.errors import DocumentError

MAX_REDIRECTS = 5
ALLOW_PRIVATE_SETTING = "COUNTERPOINT_FETCH_ALLOW_PRIVATE"
_REDIRECTS = (301, 302, 303, 307, 308)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def blocked_reason(ip: IPAddress) -> str | None:
    """Why an address may not be fetched by default, or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for reason, hit in (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
    ):
        if hit:
            return reason
    return None if ip.is_global else "non-public"


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host name resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    seen: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in seen:
            seen.append(ip)
    return seen


def _checked_hop(url: str, source: str, allow_private: bool) -> tuple[str, str, str]:
    """(URL pinned to a checked address, Host header, TLS server name) for one hop."""
    canonical = canonical_url(url)
    if canonical is None:
        raise DocumentError(source, f"not a fetchable http(s) URL: {url[:100]!r}")
    parts = urlsplit(canonical)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(host, port)
    if not addresses:
        raise DocumentError(source, f"cannot resolve host '{host}'")
    if not allow_private:
        for ip in addresses:
            reason = blocked_reason(ip)
            if reason is not None:
                where = "" if url == source else f" (redirected to {url[:100]})"
                raise DocumentError(
                    source,
                    f"refusing to fetch from {reason} address {ip}{where}; "
                    f"set {ALLOW_PRIVATE_SETTING}=1 to allow private and loopback hosts",
                )
    ip = addresses[0]
    literal = f"[{ip}]" if ip.version == 6 else str(ip)
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return pinned, parts.netloc, host


def fetch(
    url: str, max_bytes: int, timeout_s: float, allow_private: bool = False
) -> tuple[bytes, str, str]:
    """(body, content type, final URL); redirects followed by hand, each hop's address
    checked; size checked as bytes arrive."""
    import httpx

    current = url
    try:
        with httpx.Client(follow_redirects=False, timeout=timeout_s, trust_env=False) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                pinned, host_header, server_name = _checked_hop(current, url, allow_private)
                headers = {"User-Agent": "counterpoint", "Host": host_header}
                extensions = {"sni_hostname": server_name} if pinned.startswith("https") else {}
                with client.stream("GET", pinned, headers=headers, extensions=extensions) as resp:
                    location = resp.headers.get("location")
                    if resp.status_code in _REDIRECTS and location:
                        current = urljoin(current, location.strip())
                        if urlsplit(current).scheme.lower() not in ("http", "https"):
                            raise DocumentError(url, "redirected to a non-http(s) URL")
                        continue
                    if resp.status_code >= 400:
                        raise DocumentError(url, f"HTTP {resp.status_code} from server")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit():
                        check_size(url, int(declared), max_bytes)
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in resp.iter_bytes():
                        total += len(chunk)
                        check_size(url, total, max_bytes)
                        chunks.append(chunk)
                    ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                    return b"".join(chunks), ctype, current
    except httpx.InvalidURL:  # httpx parses a redirect's Location before we see it
        raise DocumentError(url, "redirected to an invalid or non-http(s) URL") from None
    except httpx.TimeoutException:
        raise DocumentError(url, f"timed out after {timeout_s:g} s") from None
    except httpx.HTTPError as exc:
        raise DocumentError(url, f"cannot fetch ({type(exc).__name__})") from None
    raise DocumentError(url, f"more than {MAX_REDIRECTS} redirects")


def load_url(
    url: str, max_bytes: int, timeout_s: float, allow_private: bool = False
) -> RawDocument:
    data, ctype, final = fetch(url, max_bytes, timeout_s, allow_private)
    path = urlsplit(final).path
    fallback = fallback_title(path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "page")
    if ctype == "application/pdf" or path.lower().endswith(".pdf"):
        raw = load_pdf(data, url, fallback)
    elif ctype in ("text/markdown", "text/x-markdown") or path.lower().endswith(".md"):
        raw = load_markdown(data, url, fallback)
    elif ctype == "text/plain":
        raw = load_text(data, url, fallback)
    elif ctype in ("text/html", "application/xhtml+xml", ""):
        return html_to_raw(decode_html(data, url), url, fallback, url=final)
    else:
        raise DocumentError(url, f"unsupported content type '{ctype}'")
    return replace(raw, meta=replace(raw.meta, url=raw.meta.url or final))
