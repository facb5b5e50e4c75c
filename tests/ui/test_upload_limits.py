"""Library upload limits: size and count from settings, one line per refused file, the other
files still added; the Gradio upload route itself refuses an oversize file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from counterpoint.config import Settings
from counterpoint.service import Counterpoint
from counterpoint.ui import library


class _Ingesting:
    """Just enough of the service for `library.upload`: settings, and an ingest that records
    what it was given."""

    def __init__(self, **limits: Any) -> None:
        self.settings = Settings(**limits)
        self.ingested: list[str] = []

    def ingest(self, paths: list[str], *_: Any) -> tuple[list[Any], None]:
        self.ingested.extend(paths)
        rows = [
            SimpleNamespace(
                source=p, status="added", title=Path(p).stem, n_chunks=1, n_claims=1, error=None
            )
            for p in paths
        ]
        return rows, None


def _files(tmp_path: Path, sizes: dict[str, int]) -> list[str]:
    out = []
    for name, size in sizes.items():
        path = tmp_path / name
        path.write_bytes(b"x" * size)
        out.append(str(path))
    return out


def test_oversize_file_is_refused_alone_naming_the_setting(tmp_path: Path) -> None:
    service = _Ingesting(max_upload_mb=0.01)
    paths = _files(tmp_path, {"small.md": 100, "big.md": 20_000, "other.txt": 100})
    report = library.upload(service, paths)  # type: ignore[arg-type]
    lines = report.split("\n\n")
    assert [Path(p).name for p in service.ingested] == ["small.md", "other.txt"]
    big = [line for line in lines if line.startswith("❌ big.md:")]
    assert len(big) == 1 and "max_upload_mb" in big[0] and "0.01 MB" in big[0]
    assert sum(line.startswith("✅") for line in lines) == 2


def test_files_past_the_count_limit_are_refused_one_line_each(tmp_path: Path) -> None:
    service = _Ingesting(max_upload_files=2)
    paths = _files(tmp_path, {f"e{i}.md": 10 for i in range(4)})
    report = library.upload(service, paths)  # type: ignore[arg-type]
    lines = report.split("\n\n")
    assert [Path(p).name for p in service.ingested] == ["e0.md", "e1.md"]
    refused = [line for line in lines if line.startswith("❌")]
    assert [line.split(":")[0] for line in refused] == ["❌ e2.md", "❌ e3.md"]
    assert all("max_upload_files" in line for line in refused)


def test_the_smaller_of_the_upload_and_file_limits_applies(tmp_path: Path) -> None:
    service = _Ingesting(max_upload_mb=5, max_file_mb=0.01)
    report = library.upload(service, _files(tmp_path, {"big.md": 20_000}))  # type: ignore[arg-type]
    assert report.startswith("❌ big.md:") and "0.01 MB" in report and not service.ingested


@pytest.fixture
def small_upload_service(workspace: Path, embedder: Any) -> Iterator[Counterpoint]:
    svc = Counterpoint(Settings(workspace=workspace, max_upload_mb=0.01), embedder=embedder)
    yield svc
    svc.close()


def test_upload_route_refuses_an_oversize_file(
    small_upload_service: Counterpoint, tmp_path: Path
) -> None:
    from counterpoint.ui.server import build_server

    client = TestClient(build_server(small_upload_service))
    big = client.post("/gradio_api/upload", files=[("files", ("big.md", b"x" * 50_000))])
    assert big.status_code == 413, big.text
    small = client.post("/gradio_api/upload", files=[("files", ("small.md", b"x" * 100))])
    assert small.is_success, small.text
