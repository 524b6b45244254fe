"""A Dask bag over the file list on a local cluster gives what check_many gives."""

from __future__ import annotations

import dask.bag
import pytest
from dask.distributed import Client, LocalCluster

import gongkai
from conftest import ROOT, fixture_paths


@pytest.fixture(scope="module")
def client():
    # Two worker processes of one thread each (the machine's two cores), on loopback only, no
    # dashboard: each worker imports gongkai and reads its partition's files itself.
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster, Client(cluster) as client:
        yield client


def test_a_dask_bag_gives_the_results_of_check_many(client):
    # Absolute paths, as on a cluster: the workers do not share the test's working directory.
    paths = [p for p in fixture_paths() if "pdf-corpus" not in p] + [
        p for p in fixture_paths() if "pdf-corpus" in p
    ][:20]
    paths = [str(ROOT / p) for p in paths]
    bag = dask.bag.from_sequence(paths, npartitions=6).map_partitions(gongkai.check_partition)
    distributed = bag.compute()
    local = [r.to_dict() for r in gongkai.check_many(paths)]
    assert [d["path"] for d in distributed] == paths
    assert distributed == local
    # The work really ran in the worker processes.
    assert len(client.scheduler_info()["workers"]) == 2


def test_check_partition_takes_the_options_of_check_many():
    entries = gongkai.check_partition(
        [ROOT / "tests/fixtures/hongze-district-2023.txt"], lang="en", select="review-litigation"
    )
    assert [d["rule"] for d in entries[0]["diagnostics"]] == ["review-litigation-total-mismatch"] * 2
    assert entries[0]["diagnostics"][0]["message"].endswith("= 10 + 1 + 0 + 0 = 11")
    assert "but" in entries[0]["diagnostics"][0]["message"]
