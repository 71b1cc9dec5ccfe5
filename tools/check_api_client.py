"""Does /api/v1/openapi.json describe the API well enough to generate a typed client?

    .venv/bin/python tools/check_api_client.py [--venv /tmp/redrider-client-venv] [--out DIR]

1. writes the schema (Django test settings; no server, no database);
2. generates a client from it with openapi-python-client (package `redrider_client`);
3. type-checks `tools/api_client_rider.py` — a rider signing in, finding stations, filing an
   appeal and redeeming points — against that client with `mypy --strict`.

The generator and mypy are tools of this check, not project dependencies: they live in a
throwaway virtual environment under /tmp, created on first use with the pinned versions below.
Exit status 0 when the client was generated and the script type-checks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "api_client_rider.py"
TOOLS = [
    "openapi-python-client==0.29.1",
    "mypy==1.18.2",
    "python-dateutil==2.9.0.post0",
    "types-python-dateutil==2.9.0.20261122",
]


def ensure_venv(venv: Path) -> Path:
    """The throwaway environment's bin/, made (or completed) with the pinned tools."""
    bin_dir = venv / "bin"
    if not (bin_dir / "openapi-python-client").exists() or not (bin_dir / "mypy").exists():
        if not (bin_dir / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
        subprocess.run([str(bin_dir / "pip"), "install", "--quiet", *TOOLS], check=True)  # noqa: S603
    return bin_dir


def write_schema(path: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    return sum(len(item) for item in schema["paths"].values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--venv", type=Path, default=Path(tempfile.gettempdir()) / "redrider-client-venv"
    )
    parser.add_argument("--out", type=Path, help="keep the client here (default: a temp dir)")
    args = parser.parse_args()

    bin_dir = ensure_venv(args.venv)
    work = args.out or Path(tempfile.mkdtemp(prefix="redrider-client-"))
    work.mkdir(parents=True, exist_ok=True)
    schema = work / "openapi.json"
    operations = write_schema(schema)
    package = work / "redrider_client"
    generated = subprocess.run(  # noqa: S603 - our own tools, our own arguments
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(package),
            "--meta",
            "none",
            "--overwrite",
        ],
        capture_output=True,
        text=True,
        cwd=work,
    )
    if generated.returncode != 0 or not (package / "client.py").exists():
        print(generated.stdout[-4000:], generated.stderr[-4000:], sep="\n")
        print("FAIL: the client could not be generated")
        return 1
    # The generator warns about operations whose answer it cannot model; only files may be such.
    skipped = [
        line
        for line in (generated.stdout + generated.stderr).splitlines()
        if line.startswith("WARNING parsing") or line.startswith("Cannot parse")
    ]
    script = work / SCRIPT.name
    shutil.copy(SCRIPT, script)
    checked = subprocess.run(  # noqa: S603
        [str(bin_dir / "mypy"), "--strict", "--no-incremental", script.name],
        capture_output=True,
        text=True,
        cwd=work,
    )
    models = len(list((package / "models").glob("*.py")))
    print(f"schema: {operations} operations; client: {models} model modules in {package}")
    print(f"generator notes ({len(skipped) // 2} operations answer a file it does not model):")
    for line in skipped:
        if line.startswith("WARNING parsing"):
            print("  ", line.removeprefix("WARNING parsing ").strip())
    print(checked.stdout.strip() or checked.stderr.strip())
    print("OK" if checked.returncode == 0 else "FAIL: the rider script does not type-check")
    return checked.returncode


if __name__ == "__main__":
    sys.exit(main())
