"""The web app: `create_app(ledger, ...)` returns a Starlette application over one Ledger.

Pages are server-rendered Jinja2 templates (autoescaped: a `<script>` in a claim is shown as text);
each has a JSON twin under /api/ with the data the CLI prints with --format json. Writes (verdict,
reopen) are `Ledger.verify` / `Ledger.reopen`, the same events the CLI records, so `claims audit`
stays clean. Guards, in `Guard`:

- bound to a loopback address without a token, requests must name a loopback Host (a DNS-rebinding
  page cannot reach the app through its own host name);
- with a token (`--token` / CLAIMS_TOKEN), every request must carry it: `Authorization: Bearer`,
  `X-Claims-Token`, `?token=` (which also sets a cookie, so the browser can follow links) or that cookie;
- every POST form carries a CSRF token: an HMAC of a random per-browser cookie (SameSite=Strict).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from claims.core.errors import BadInput, ClaimsError, NotFound
from claims.core.fiscal import parse_date
from claims.core.models import VERDICTS, Document
from claims.ledger import Ledger
from claims.suggest import find_suggestion, suggestions_for

from . import svg, views

HERE = Path(__file__).resolve().parent
CSRF_COOKIE = "claims_csrf"
TOKEN_COOKIE = "claims_token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
MAX_EVIDENCE = 4000
URL_RE = re.compile(r"https?://[^\s<>\"']+\Z", re.I)


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine unless every request must carry a token."""
    if token is not None and not token.strip():
        raise BadInput("--token must not be empty")
    if not is_loopback(host) and not token:
        raise BadInput(f"refusing to listen on {host} without a token: anyone who can reach it could record verdicts; "
                       "set --token (or CLAIMS_TOKEN), or keep the default --host 127.0.0.1")


@dataclass
class Settings:
    ledger: Ledger
    token: str | None = None
    as_of: dt.date | None = None
    roots: tuple[Path, ...] = ()
    host: str = "127.0.0.1"
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def today(self, request: Request) -> dt.date:
        return parse_date(request.query_params.get("as_of"), "as_of") or self.as_of or dt.date.today()

    def csrf_for(self, seed: str) -> str:
        return hmac.new(self.secret, seed.encode(), hashlib.sha256).hexdigest()


class Guard(BaseHTTPMiddleware):
    def __init__(self, app, settings: Settings):
        super().__init__(app)
        self.s = settings

    def _token_ok(self, request: Request) -> tuple[bool, bool]:
        """(carries the token, came in the query string)."""
        want = self.s.token or ""
        auth = request.headers.get("authorization", "")
        offered = [auth[7:] if auth.lower().startswith("bearer ") else None, request.headers.get("x-claims-token"),
                   request.cookies.get(TOKEN_COOKIE)]
        if any(o and hmac.compare_digest(o.encode(), want.encode()) for o in offered):
            return True, False
        q = request.query_params.get("token")
        ok = bool(q) and hmac.compare_digest(q.encode(), want.encode())
        return ok, ok

    async def dispatch(self, request: Request, call_next) -> Response:
        from_query = False
        if self.s.token:
            ok, from_query = self._token_ok(request)
            if not ok:
                return PlainTextResponse("401: this server needs its token (Authorization: Bearer …, or ?token=…)\n",
                                         status_code=401, headers={"WWW-Authenticate": "Bearer"})
        else:
            hostname = request.headers.get("host", "")
            hostname = hostname[1:].split("]")[0] if hostname.startswith("[") else hostname.rsplit(":", 1)[0]
            if not is_loopback(hostname) and hostname != self.s.host:
                return PlainTextResponse(f"400: Host {hostname!r} not allowed\n", status_code=400)
        seed = request.cookies.get(CSRF_COOKIE)
        new_seed = None
        if not seed or not re.fullmatch(r"[0-9a-f]{32,64}", seed):
            seed = new_seed = secrets.token_hex(16)
        request.state.csrf = self.s.csrf_for(seed)
        response = await call_next(request)
        if new_seed:
            response.set_cookie(CSRF_COOKIE, new_seed, httponly=True, samesite="strict", path="/")
        if from_query:
            response.set_cookie(TOKEN_COOKIE, self.s.token or "", httponly=True, samesite="strict", path="/")
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response


# ---------------------------------------------------------------------------- URLs used by templates
def claim_url(cid: str) -> str:
    return f"/claims/{quote(cid, safe='')}"


def person_url(name: str) -> str:
    return f"/people/{quote(name, safe='')}"


def company_url(name: str) -> str:
    return f"/companies/{quote(name, safe='')}"


def topic_url(topic: str) -> str:
    return f"/topics/{quote(topic, safe='')}"


def graph_url(kind: str, name: str) -> str:
    return f"/graph/{kind}/{quote(name, safe='')}"


def with_query(path: str, **params: Any) -> str:
    q = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(q) if q else "")


def _claim_company(claim, documents: dict[str, Document]) -> str | None:
    if claim.speaker and claim.speaker.org:
        return claim.speaker.org
    for mn in claim.mentions:
        d = documents.get(mn.doc_id or "")
        if d and d.company:
            return d.company
    return None


def create_app(ledger: Ledger, *, token: str | None = None, as_of: dt.date | None = None,
               source_roots: tuple[Path, ...] | list[Path] = (), host: str = "127.0.0.1") -> Starlette:
    """The app over `ledger`. `as_of` fixes the date that decides open vs due (default: today);
    `source_roots` are where relative document paths are looked up to show passages."""
    check_bind(host, token)
    s = Settings(ledger=ledger, token=token, as_of=as_of, roots=tuple(Path(r) for r in source_roots) or (Path.cwd(),),
                 host=host)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(claim_url=claim_url, person_url=person_url, company_url=company_url, topic_url=topic_url,
                       graph_url=graph_url, with_query=with_query, VERDICTS=VERDICTS, KINDS=views.KINDS,
                       STATUS_COLOURS=svg.STATUS_COLOURS)
    docs_cache: dict[str, Any] = {"n": -1, "docs": {}}

    def documents() -> dict[str, Document]:
        n = ledger.counts()["documents"]
        if n != docs_cache["n"]:
            docs_cache["docs"], docs_cache["n"] = {d.id: d for d in ledger.documents()}, n
        return docs_cache["docs"]

    def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.update(request=request, csrf=request.state.csrf, as_of=s.today(request), path=request.url.path)
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def dump(obj: Any) -> Any:
        if hasattr(obj, "model_dump"):
            return obj.model_dump(mode="json")
        if isinstance(obj, list):
            return [dump(o) for o in obj]
        return obj

    # ------------------------------------------------------------------ due queue
    def _due(request: Request, with_mentions: bool):
        p = request.query_params
        return views.due_page(ledger, s.today(request), speaker=p.get("speaker") or None, org=p.get("company") or None,
                              topic=p.get("topic") or None, kind=p.get("kind") or None, after=p.get("after") or None,
                              size=views.page_size(p.get("limit")), with_mentions=with_mentions)

    async def home(request: Request) -> Response:
        return RedirectResponse("/due", status_code=303)

    async def due_html(request: Request) -> Response:
        page = _due(request, with_mentions=False)
        nxt = with_query("/due", **{k: request.query_params.get(k) for k in ("speaker", "company", "topic", "kind",
                                                                                "limit", "as_of")}, after=page.next) \
            if page.next else None
        return render(request, "due.html", page=page, next_url=nxt, q=request.query_params)

    async def due_api(request: Request) -> Response:
        page = _due(request, with_mentions=True)
        headers = {}
        if page.next:
            params = dict(request.query_params)
            params["after"] = page.next
            headers["Link"] = f'<{with_query("/api/due", **params)}>; rel="next"'
        return JSONResponse(dump(page.claims), headers=headers)

    # ------------------------------------------------------------------ one claim
    async def claim_html(request: Request, errors: list[str] | None = None, form: dict | None = None,
                         status: int = 200) -> Response:
        view = views.claim_view(ledger, request.path_params["cid"], s.today(request), s.roots, documents())
        return render(request, "claim.html", status=status, v=view, c=view.claim, errors=errors or [],
                      form=form or {}, company=_claim_company(view.claim, view.documents),
                      recorded=request.query_params.get("recorded"))

    async def claim_api(request: Request) -> Response:
        return JSONResponse(dump(ledger.get_claim(request.path_params["cid"], as_of=s.today(request))))

    async def history_api(request: Request) -> Response:
        return JSONResponse(dump(ledger.history(request.path_params["cid"])))

    async def passages_api(request: Request) -> Response:
        view = views.claim_view(ledger, request.path_params["cid"], s.today(request), s.roots, documents())
        return JSONResponse(view.as_dict())

    async def _checked_form(request: Request) -> dict[str, str] | Response:
        form = await request.form()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        if not hmac.compare_digest(values.get("csrf", "").encode(), request.state.csrf.encode()):
            return PlainTextResponse("403: the form's CSRF token is missing or wrong; reload the page and try again\n",
                                     status_code=403)
        return values

    async def verdict_post(request: Request) -> Response:
        values = await _checked_form(request)
        if isinstance(values, Response):
            return values
        cid = request.path_params["cid"]
        ledger.get_claim(cid)  # 404 before anything else
        errors = verdict_errors(values)
        if not errors:
            try:
                ev = ledger.verify(cid, values["verdict"], values["evidence"].strip(), source=values.get("source", "").strip() or None,
                                   date=parse_date(values.get("date", "").strip() or None, "date"),
                                   actor=values["reviewer"].strip())
            except ClaimsError as exc:
                errors = [str(exc)]
            else:
                return RedirectResponse(with_query(claim_url(ev.claim_id or cid), recorded=values["verdict"]) + "#history",
                                        status_code=303)
        return await claim_html(request, errors=errors, form=values, status=400)

    async def suggestion_post(request: Request) -> Response:
        """Accept a suggestion: an ordinary verdict by the named reviewer, with the suggestion's
        evidence (recomputed here from the outcome id the form names) and `suggested`."""
        values = await _checked_form(request)
        if isinstance(values, Response):
            return values
        cid = request.path_params["cid"]
        claim = ledger.get_claim(cid, as_of=s.today(request))  # 404 before anything else
        found = find_suggestion(ledger, claim, values.get("outcome", ""), documents(), as_of=s.today(request))
        errors = []
        if found is None:
            errors.append("suggestion: it is no longer offered for this claim; reload the page")
        else:
            values.update(evidence=found.outcome.text, date=found.document_date.isoformat() if found.document_date else "",
                          source="")
            if values.get("verdict") not in VERDICTS:
                values["verdict"] = found.verdict or ""
            errors = verdict_errors(values)
        if not errors:
            doc = documents().get(found.doc_id)
            where = f"{doc.source if doc and doc.source else found.doc_id} [{found.outcome.start}:{found.outcome.end}]"
            ev = ledger.verify(claim.id, values["verdict"], found.outcome.text, source=where, date=found.document_date,
                               actor=values["reviewer"].strip(), suggested=True)
            return RedirectResponse(with_query(claim_url(ev.claim_id or cid), recorded=values["verdict"]) + "#history",
                                    status_code=303)
        return await claim_html(request, errors=errors, form={"reviewer": values.get("reviewer", "")}, status=400)

    async def suggestions_api(request: Request) -> Response:
        claim = ledger.get_claim(request.path_params["cid"], as_of=s.today(request))
        return JSONResponse([sg.as_dict() for sg in suggestions_for(ledger, claim, documents(), as_of=s.today(request))])

    async def reopen_post(request: Request) -> Response:
        values = await _checked_form(request)
        if isinstance(values, Response):
            return values
        cid = request.path_params["cid"]
        claim = ledger.get_claim(cid)
        errors = []
        if claim.status not in VERDICTS:
            errors.append("this claim has no verdict to reopen")
        if not values.get("reviewer", "").strip():
            errors.append("reviewer: say who reopens it")
        if len(values.get("reason", "")) > MAX_EVIDENCE:
            errors.append(f"reason: at most {MAX_EVIDENCE} characters")
        if not errors:
            ev = ledger.reopen(cid, values.get("reason", "").strip(), actor=values["reviewer"].strip())
            return RedirectResponse(with_query(claim_url(ev.claim_id or cid), recorded="reopened") + "#history",
                                    status_code=303)
        return await claim_html(request, errors=errors, form=values, status=400)

    # ------------------------------------------------------------------ people, companies, topics
    async def person_html(request: Request) -> Response:
        page = views.page_number(request.query_params.get("page"))
        v = views.person_view(ledger, request.path_params["name"], s.today(request), page)
        return render(request, "person.html", v=v, page=page,
                      timeline=svg.timeline(v.claims, s.today(request), href=lambda c: claim_url(c.id)),
                      calibration=svg.calibration(v.card.calibration))

    async def person_api(request: Request) -> Response:
        page = views.page_number(request.query_params.get("page"))
        return JSONResponse(views.person_view(ledger, request.path_params["name"], s.today(request), page).as_dict())

    async def company_html(request: Request) -> Response:
        page = views.page_number(request.query_params.get("page"))
        v = views.company_view(ledger, request.path_params["name"], s.today(request), page)
        return render(request, "company.html", v=v, page=page, query=request.path_params["name"])

    async def company_api(request: Request) -> Response:
        page = views.page_number(request.query_params.get("page"))
        return JSONResponse(views.company_view(ledger, request.path_params["name"], s.today(request), page).as_dict())

    async def topic_html(request: Request) -> Response:
        page = views.page_number(request.query_params.get("page"))
        claims, more = views.topic_view(ledger, request.path_params["topic"], s.today(request), page)
        return render(request, "topic.html", topic=request.path_params["topic"], claims=claims, more=more, page=page)

    async def topic_api(request: Request) -> Response:
        page = views.page_number(request.query_params.get("page"))
        claims, more = views.topic_view(ledger, request.path_params["topic"], s.today(request), page)
        return JSONResponse({"topic": request.path_params["topic"], "claims": dump(claims), "more": more})

    # ------------------------------------------------------------------ search and graph
    async def search_html(request: Request) -> Response:
        res = views.search(ledger, request.query_params.get("q", ""), s.today(request))
        return render(request, "search.html", r=res)

    async def search_api(request: Request) -> Response:
        return JSONResponse(views.search(ledger, request.query_params.get("q", ""), s.today(request)).as_dict())

    def _graph_kind(request: Request) -> str:
        kind = request.path_params["kind"]
        if kind not in ("person", "company"):
            raise NotFound(f"no graph of kind {kind!r} (person or company)")
        return kind

    async def graph_html(request: Request) -> Response:
        kind = _graph_kind(request)
        v = views.graph_view(ledger, kind, request.path_params["name"], s.today(request),
                             topic=request.query_params.get("topic"))
        centre = person_url(v.name) if kind == "person" else company_url(v.name)
        picture = svg.ego_graph(v.names, v.claims, href_claim=lambda c: claim_url(c.id), href_topic=topic_url,
                                centre_href=centre)
        return render(request, "graph.html", v=v, picture=picture, centre=centre,
                      topic=request.query_params.get("topic"))

    async def graph_api(request: Request) -> Response:
        kind = _graph_kind(request)
        text = views.graph_json(ledger, kind, request.path_params["name"], s.today(request),
                                topic=request.query_params.get("topic"))
        return Response(text, media_type="application/json")

    # ------------------------------------------------------------------ errors
    async def on_error(request: Request, exc: Exception) -> Response:
        status = 404 if isinstance(exc, NotFound) else 400
        if is_api(request):
            return JSONResponse({"error": str(exc)}, status_code=status)
        return render(request, "error.html", status=status, message=str(exc), code=status)

    routes = [
        Route("/", home),
        Route("/due", due_html),
        Route("/api/due", due_api),
        Route("/claims/{cid}", claim_html),
        Route("/claims/{cid}/verdict", verdict_post, methods=["POST"]),
        Route("/claims/{cid}/suggestion", suggestion_post, methods=["POST"]),
        Route("/claims/{cid}/reopen", reopen_post, methods=["POST"]),
        Route("/api/claims/{cid}", claim_api),
        Route("/api/claims/{cid}/history", history_api),
        Route("/api/claims/{cid}/passages", passages_api),
        Route("/api/claims/{cid}/suggestions", suggestions_api),
        Route("/people/{name:path}", person_html),
        Route("/api/people/{name:path}", person_api),
        Route("/companies/{name:path}", company_html),
        Route("/api/companies/{name:path}", company_api),
        Route("/topics/{topic:path}", topic_html),
        Route("/api/topics/{topic:path}", topic_api),
        Route("/search", search_html),
        Route("/api/search", search_api),
        Route("/graph/{kind}/{name:path}", graph_html),
        Route("/api/graph/{kind}/{name:path}", graph_api),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, settings=s)],
                    exception_handlers={ClaimsError: on_error})
    app.state.settings = s
    return app


def verdict_errors(values: dict[str, str]) -> list[str]:
    """What is wrong with a verdict form, one message per field; empty when it can be recorded."""
    errors = []
    if values.get("verdict") not in VERDICTS:
        errors.append(f"verdict: choose one of {', '.join(VERDICTS)}")
    evidence = values.get("evidence", "").strip()
    if not evidence:
        errors.append("evidence: say what happened, in a sentence")
    elif len(evidence) > MAX_EVIDENCE:
        errors.append(f"evidence: at most {MAX_EVIDENCE} characters")
    source = values.get("source", "").strip()
    if source and not URL_RE.match(source):
        errors.append(f"source: must be an http:// or https:// URL, got {source[:80]!r}")
    try:
        parse_date(values.get("date", "").strip() or None, "date")
    except BadInput as exc:
        errors.append(str(exc))
    reviewer = values.get("reviewer", "").strip()
    if not reviewer:
        errors.append("reviewer: say who records this verdict")
    elif len(reviewer) > 200:
        errors.append("reviewer: at most 200 characters")
    return errors
