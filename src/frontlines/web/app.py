"""The FastAPI app: the JSON API under /api, the dashboard at /, OpenAPI at /docs.

``create_app(store_url, token=...)`` builds one app over one store. All routes are
declared in ``create_app``; the queries live in ``web.queries`` and ``frontlines.alerts``,
the writes go through ``Store.ingest`` and ``Store.edit``.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from frontlines import __version__
from frontlines.alerts import AlertSettings, alerts_from_store
from frontlines.consolidate.reconcile import EDITABLE_FIELDS
from frontlines.errors import DocumentError, FrontlinesError
from frontlines.export.writers import feature, write_events
from frontlines.model import Report
from frontlines.store import Store
from frontlines.web.queries import (
    BoundingBox,
    EventFilters,
    QueryError,
    absorbed_ids,
    facet_values,
    highlight_segments,
    iter_filtered,
    page_events,
    report_texts,
    weekly_stats,
)
from frontlines.web.security import (
    DEFAULT_MAX_BODY,
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
    error_body,
    token_matches,
)

log = logging.getLogger(__name__)

STATIC_DIR = resources.files("frontlines.web") / "static"
MAX_PAGE = 1000
EXPORT_FORMATS = ("csv", "geojson", "jsonl", "parquet")
EXPORT_MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}
#: Export files spill from memory to disk past this size.
EXPORT_SPOOL_BYTES = 8 * 1024 * 1024


class APIError(HTTPException):
    """An HTTP error with a stable machine-readable ``code`` beside the message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code
        #: More fields for the error body, e.g. the rejected reports of an ingest.
        self.extra = extra


class Correction(BaseModel):
    """A correction to one event: typed field values and why."""

    changes: dict[str, Any] = Field(description="Field name to new value; null clears a field.", examples=[{"fatalities": 15}])
    note: str = Field(min_length=1, max_length=2000, description="Why: kept in the audit log.")
    editor: str | None = Field(default=None, max_length=200, description="Who is editing (default: api).")


def _filters(
    since: Annotated[date | None, Query(description="Events on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Events on or before this date (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, Query(max_length=100, description="Country name or ISO3 code.")] = None,
    admin1: Annotated[str | None, Query(max_length=200, description="First-level administrative area.")] = None,
    event_type: Annotated[str | None, Query(alias="type", max_length=100, description="ACLED event type, e.g. Battles.")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="west,south,east,north in degrees.")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, description="Only events with at least this many fatalities.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text search: notes, place, actors, source.")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Actor name (any actor field, substring).")] = None,
) -> EventFilters:
    try:
        box = BoundingBox.parse(bbox) if bbox else None
    except QueryError as exc:
        raise APIError(400, "bad_filter", str(exc)) from None
    return EventFilters(
        since=since,
        until=until,
        country=country,
        admin1=admin1,
        event_type=event_type,
        bbox=box,
        min_fatalities=min_fatalities,
        q=q,
        actor=actor,
    )


Filters = Annotated[EventFilters, Depends(_filters)]


def create_app(
    store_url: str | None,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    *,
    store: Store | None = None,
) -> FastAPI:
    """The app over the store at ``store_url``. With no ``token`` the server is read-only:
    the write endpoints answer 403. ``store`` passes an opened store instead (tests give
    one with a stand-in extractor)."""
    if token is not None and not token.strip():
        raise ValueError("token is empty: leave FRONTLINES_TOKEN unset for a read-only server")
    the_store = store or Store(store_url)
    app = FastAPI(
        title="Frontlines",
        version=__version__,
        description="Conflict events extracted from news, each number traced to its sentence.",
        docs_url=None,  # served below from the packaged Swagger UI, not FastAPI's CDN default
        redoc_url=None,
    )
    app.state.store = the_store
    app.state.read_only = token is None

    # Outermost last: the size limit sees the request first, headers go on every answer.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_body=max_body)
    _install_error_handlers(app)

    def require_token(authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> None:
        if token is None:
            raise APIError(403, "read_only", "this server is read-only: start it with FRONTLINES_TOKEN set to allow writes")
        if not token_matches(token, authorization):
            raise APIError(
                401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required",
                headers={"WWW-Authenticate": "Bearer"},
            )

    Writer = Depends(require_token)

    # ------------------------------------------------------------------ read

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """What is running: version, store counts and whether writes are allowed."""
        return {
            "status": "ok",
            "version": __version__,
            "read_only": app.state.read_only,
            "counts": the_store.counts(),
            "editable_fields": sorted(EDITABLE_FIELDS),
        }

    @app.get("/api/events", tags=["events"])
    def list_events(
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
        cursor: Annotated[str | None, Query(max_length=500, description="next_cursor of the previous page.")] = None,
        order: Annotated[Literal["asc", "desc"], Query(description="By event date.")] = "asc",
        format: Annotated[Literal["json", "geojson"], Query()] = "json",
        count: Annotated[bool, Query(description="Count all matches into `total` (skipped on cursor pages).")] = True,
    ) -> Any:
        """Consolidated events, filtered and paged (limit/offset, or cursor for keyset paging)."""
        try:
            page = page_events(the_store, filters, limit=limit, offset=offset, cursor=cursor, order=order, with_total=count)
        except QueryError as exc:
            raise APIError(400, "bad_query", str(exc)) from None
        paging = {"total": page.total, "limit": page.limit, "offset": page.offset, "next_cursor": page.next_cursor}
        # JSONResponse directly: the payloads are plain JSON from the database already, and
        # FastAPI's jsonable_encoder pass over them costs more than the query.
        if format == "geojson":
            body = {"type": "FeatureCollection", "features": [feature(e) for e in page.events], **paging}
            return JSONResponse(body, media_type="application/geo+json")
        return JSONResponse({"events": page.events, **paging})

    @app.get("/api/events/{event_id}", tags=["events"], responses={308: {"description": "The event was merged into another."}})
    def get_event(event_id: str) -> Any:
        """One event with its evidence highlighted in each report's text, its sources, toll
        history and corrections. A merged id redirects to the event that absorbed it."""
        current = the_store.resolve(event_id)
        if current is None:
            raise APIError(404, "not_found", f"no event {event_id}")
        if current != event_id:
            return RedirectResponse(f"/api/events/{current}", status_code=308)
        record = the_store.event(event_id)
        if record is None:
            raise APIError(410, "deleted", f"event {event_id} was deleted: its reports were withdrawn")
        return _event_detail(the_store, record)

    @app.get("/api/stats", tags=["events"])
    def stats(filters: Filters) -> dict[str, Any]:
        """Weekly (ISO weeks, from Monday) events and fatalities, in total and by country, admin1 and type."""
        return weekly_stats(the_store, filters)

    @app.get("/api/facets", tags=["events"])
    def facets() -> dict[str, Any]:
        """The countries, admin1 areas and event types in the store, and its date range."""
        return facet_values(the_store)

    @app.get("/api/export", tags=["events"])
    def export(
        filters: Filters,
        format: Annotated[Literal["csv", "geojson", "jsonl", "parquet"], Query()] = "csv",
    ) -> Response:
        """Every matching event as a file: ACLED-layout CSV, GeoJSON, JSONL or Parquet."""
        rows = iter_filtered(the_store, filters)
        return _export_response(rows, format)

    @app.get("/api/alerts", tags=["alerts"])
    def alerts(
        as_of: Annotated[date | None, Query(description="Last day of the window (default: the newest event's date).")] = None,
        window_days: Annotated[int, Query(ge=1, le=366)] = AlertSettings.window_days,
        min_fatalities: Annotated[int, Query(ge=1)] = AlertSettings.min_fatalities,
        sd_multiplier: Annotated[float, Query(ge=0, le=10)] = AlertSettings.sd_multiplier,
    ) -> dict[str, Any]:
        """Admin1 areas whose fatalities over the window exceed mean + k·sd of their own
        preceding 12 windows, with the events behind each alert."""
        settings = AlertSettings(window_days=window_days, min_fatalities=min_fatalities, sd_multiplier=sd_multiplier)
        day, found = alerts_from_store(the_store, as_of, settings)
        return {
            "as_of": day.isoformat() if day else None,
            "settings": settings.__dict__,
            "alerts": [alert.as_dict() for alert in found],
        }

    # ------------------------------------------------------------------ write

    @app.post("/api/reports", tags=["write"], dependencies=[Writer], status_code=200)
    async def post_reports(request: Request) -> dict[str, Any]:
        """Ingest reports: one JSON object, a JSON array of them, or JSONL
        (Content-Type application/x-ndjson), each {"id", "text"} plus optional title,
        published, source and url — the JSONL input format of `frontlines ingest`."""
        body = await request.body()
        lines = _report_lines(body, request.headers.get("content-type", ""))
        rejected: list[dict[str, Any]] = []
        reports = _parse_reports(lines, rejected)
        if not reports:
            raise APIError(422, "no_reports", "no readable report in the request", rejected=rejected)
        from starlette.concurrency import run_in_threadpool

        # Extraction is CPU work: run it off the event loop so reads stay served.
        summary = await run_in_threadpool(the_store.ingest, reports)
        return {"summary": summary.as_dict(), "rejected": rejected, "counts": the_store.counts()}

    @app.patch("/api/events/{event_id}", tags=["write"], dependencies=[Writer])
    def patch_event(event_id: str, correction: Annotated[Correction, Body()]) -> dict[str, Any]:
        """Correct fields of an event, with a note; the correction outlives new reports."""
        if the_store.resolve(event_id) is None:
            raise APIError(404, "not_found", f"no event {event_id}")
        record = the_store.edit(event_id, correction.changes, note=correction.note, editor=correction.editor or "api")
        return _event_detail(the_store, record)

    # ------------------------------------------------------------------ dashboard

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title="Frontlines API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        index = STATIC_DIR / "index.html"
        if not index.is_file():
            raise APIError(503, "dashboard_not_built", "the dashboard is not built: run `npm ci && npm run build` in web/")
        return FileResponse(str(index), media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR), check_dir=False), name="static")
    return app


# ---------------------------------------------------------------------- helpers


def _event_detail(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    event_id = record["event_id"]
    texts = report_texts(store, record.get("doc_ids") or [record.get("doc_id")])
    evidence = record.get("evidence") or []
    for report in texts:
        spans = [span for span in evidence if span.get("doc_id") == report["doc_id"]]
        report["segments"] = highlight_segments(report.pop("text"), spans)
    return {
        "event": record,
        "reports": texts,
        "evidence": evidence,
        "sources": record.get("sources") or [],
        "fatality_history": record.get("fatality_history") or [],
        "corrections": store.edit_log(event_id),
        "absorbed_ids": absorbed_ids(store, event_id),
    }


def _report_lines(body: bytes, content_type: str) -> list[bytes]:
    """The request body as JSONL lines, the format the readers validate."""
    if "ndjson" in content_type or "jsonl" in content_type:
        return [line for line in body.splitlines() if line.strip()]
    try:
        parsed = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise APIError(400, "bad_json", f"the body is not JSON ({exc})") from None
    items = parsed if isinstance(parsed, list) else [parsed]
    if not items or not all(isinstance(item, dict) for item in items):
        raise APIError(400, "bad_json", 'send a report object {"id", "text", ...} or an array of them')
    return [json.dumps(item, ensure_ascii=False).encode("utf-8") for item in items]


def _parse_reports(lines: list[bytes], rejected: list[dict[str, Any]]) -> list[Report]:
    from frontlines.ingest.readers import iter_jsonl

    def reject(error: DocumentError) -> None:
        rejected.append({"code": error.code, "message": error.one_line()})

    return list(iter_jsonl(io.BytesIO(b"\n".join(lines)), "request", published=None, source=None, on_error=reject))


def _export_response(rows: Iterable[dict[str, Any]], fmt: str) -> Response:
    # Written to a spooled temporary file, then streamed: the writers stay the CLI's, and a
    # large export spills to disk instead of memory.
    spool = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES, mode="w+b")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        from frontlines.export.parquet import events_table

        pq.write_table(events_table(rows), spool, compression="zstd")
    else:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=True)
        write_events(rows, text, fmt)
        text.detach()
    spool.seek(0)
    extension = {"geojson": "geojson", "csv": "csv", "jsonl": "jsonl", "parquet": "parquet"}[fmt]

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(64 * 1024):
                yield block

    return StreamingResponse(
        chunks(),
        media_type=EXPORT_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="frontlines-events.{extension}"'},
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        code = getattr(exc, "code", None) or _code_for_status(exc.status_code)
        extra = dict(getattr(exc, "extra", {}))
        if hasattr(exc, "limit"):
            extra["limit"] = exc.limit
        return JSONResponse(
            error_body(exc.status_code, code, str(exc.detail), **extra),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(part) for part in error.get("loc", ())), "message": error.get("msg")}
            for error in exc.errors()
        ]
        summary = "; ".join(f"{p['where']}: {p['message']}" for p in problems)
        return JSONResponse(error_body(422, "invalid_request", summary, problems=problems), status_code=422)

    @app.exception_handler(FrontlinesError)
    async def frontlines_error(_request: Request, exc: FrontlinesError) -> JSONResponse:
        # Library errors are about the request's content (an unknown field, a bad value).
        return JSONResponse(error_body(422, exc.code, exc.one_line()), status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return JSONResponse(error_body(500, "internal_error", "internal server error; see the server log"), status_code=500)


def _code_for_status(status: int) -> str:
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        410: "gone",
        413: "body_too_large",
        415: "unsupported_media_type",
    }.get(status, "http_error")
