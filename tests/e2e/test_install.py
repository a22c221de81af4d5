"""Installable: a wheel built from this checkout, installed (not editable) into a fresh
virtual environment, builds both examples exactly as the checkout does.

Templates, stylesheets and catalogs are package data read through importlib.resources;
this is the test that they travel with the package. The fresh environment gets its
dependencies (WeasyPrint, python-docx …) from the project's own environment through a
.pth file, so only the package under test is new.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from support import EXAMPLES, ROOT

from generator import api


def _tracked_copy(destination: Path) -> Path:
    """The files git tracks (as they are in the working tree), copied to ``destination``:
    no build/ left over from an earlier build can slip into the wheel."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return destination


def test_installed_wheel_builds_the_examples(tmp_path: Path) -> None:
    source = _tracked_copy(tmp_path / "source")
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                    "-w", str(wheels)], check=True, capture_output=True, timeout=600)
    (wheel,) = wheels.glob("disclosure_generator-*.whl")

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                    "--target", str(site), str(wheel)], check=True, capture_output=True,
                   timeout=600)

    where = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert where.startswith(str(site)), where  # the installed copy, not the checkout

    out = tmp_path / "out"
    result = subprocess.run([str(python), "-m", "generator", "build",
                             *(str(p) for p in EXAMPLES), "--out", str(out)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert result.returncode == 0, result.stderr
    for example in EXAMPLES:
        expected = api.build(example, tmp_path / "checkout").outputs
        for path in expected:
            assert (out / path.name).read_bytes() == path.read_bytes(), path.name
