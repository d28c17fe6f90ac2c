"""The engine examples of docs/distributed.md, run for real on a local engine: Spark's
`mapPartitions` and Ray Data's `flat_map` over the seeds must give, article for article, what
`clean_record` gives in this process. Each engine is a large install that the project does not
need, so each test runs where its engine is installed (`pip install pyspark`, with a Java
runtime; `pip install 'ray[data]'`) and is skipped elsewhere."""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.records import clean_record

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"


@pytest.fixture
def importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's worker processes import this module's functions by name, and the cleaner of
    this checkout: they inherit PYTHONPATH from the process that starts the engine."""
    paths = [str(HERE), str(HERE.parent), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))


def expected() -> list[str]:
    """Every seed's articles as JSON lines, sorted: an engine's output comes in no fixed order."""
    return sorted(json.dumps(article, ensure_ascii=False)
                  for path in sorted(SAMPLES.glob("*.txt"))
                  for article in clean_record(path.read_bytes(), path.name))


def clean_partition(files: Iterator[tuple[str, bytes]]) -> Iterator[str]:
    """docs/distributed.md's Spark example: one Cleaner per partition."""
    cleaner = Cleaner()
    for path, data in files:
        for article in clean_record(bytes(data), path.rsplit("/", 1)[-1], cleaner):
            yield json.dumps(article, ensure_ascii=False)


def clean_file(row: dict[str, object]) -> list[dict[str, str]]:
    """docs/distributed.md's Ray Data example."""
    path, data = row["path"], row["bytes"]
    assert isinstance(path, str) and isinstance(data, bytes)
    return [{"article": json.dumps(a, ensure_ascii=False)} for a in clean_record(data, path.rsplit("/", 1)[-1])]


def test_spark_map_partitions_gives_the_local_articles(importable: None) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime")
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("cleaner-test")
             .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate())
    try:
        files = spark.sparkContext.binaryFiles(f"file://{SAMPLES}/*.txt", minPartitions=4)
        got = sorted(files.mapPartitions(clean_partition).collect())
    finally:
        spark.stop()
    assert got == expected()


def test_ray_data_flat_map_gives_the_local_articles(importable: None) -> None:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        ds = ray.data.read_binary_files(str(SAMPLES), include_paths=True)
        got = sorted(row["article"] for row in ds.flat_map(clean_file).take_all())
    finally:
        ray.shutdown()
    assert got == expected()
