"""The data folder and the configuration layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from pishkhan.config import Config, ConfigError, load_config, save_config
from pishkhan.domain.requests import RequestType
from pishkhan.domain.tariff import Use, compute_bill
from pishkhan.paths import DataPaths, data_paths


def test_pishkhan_home_overrides_the_platform_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PISHKHAN_HOME", str(tmp_path / "desk"))
    paths = data_paths().ensure()
    assert paths.root == (tmp_path / "desk").resolve()
    assert paths.database.parent == paths.root
    assert paths.documents.is_dir() and paths.logs.is_dir()


def test_platform_folder_is_used_without_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PISHKHAN_HOME", raising=False)
    assert data_paths().root.name == "Pishkhan"


def test_first_load_writes_every_default_and_reads_it_back(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    first = load_config(paths)
    text = paths.config_file.read_text(encoding="utf-8")
    assert "[tariff]" in text and "base_price_rials" in text and "company_code" in text
    again = load_config(paths)
    assert again.tariff == first.tariff
    assert again.raw == first.raw


def test_edited_tariff_changes_the_bill(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    config = load_config(paths)
    raw = config.raw
    raw["tariff"]["base_price_rials"] = raw["tariff"]["base_price_rials"] * 2
    save_config(paths, Config(raw))
    doubled = load_config(paths)

    def payable(cfg: Config) -> int:
        return compute_bill(
            consumption_m3=40,
            days=60,
            units=1,
            use=Use.RESIDENTIAL,
            diameter="1/2",
            has_sewer=False,
            jalali_year=1405,
            config=cfg.tariff,
        ).payable

    assert payable(doubled) > payable(Config())


def test_partial_file_falls_back_to_defaults(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.config_file.write_text("[desk]\nbranch_code = 2202\n", encoding="utf-8")
    config = load_config(paths)
    assert config.branch_code == 2202
    assert config.company_code == Config().company_code
    assert config.central_url == ""
    assert config.scan_pdfa is False


@pytest.mark.parametrize(
    "content",
    [
        "this is = = not toml",
        "version = 99\n",
        '[tariff]\nbase_price_rials = "many"\n',
        "[desk]\nbranch_code = 'abc'\n",
    ],
)
def test_broken_file_gives_a_persian_error(tmp_path: Path, content: str) -> None:
    paths = DataPaths(tmp_path)
    paths.config_file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(paths)
    assert "تنظیمات" in str(err.value)
    # The broken file is left alone for the administrator to fix.
    assert paths.config_file.read_text(encoding="utf-8") == content


def test_a_tariff_in_the_file_replaces_the_demo_tariff_whole(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    tariff = dict(Config().raw["tariff"])
    tariff["fixed_charges"] = {"1/2": {"default": 50_000}}
    tariff["use_multipliers"] = {"default": "3"}
    raw = Config().raw
    raw["tariff"] = tariff
    save_config(paths, Config(raw))
    loaded = load_config(paths).tariff
    assert len(loaded.fixed_charges) == 1  # the demo's other diameters are gone
    assert loaded.use_multipliers[Use.COMMERCIAL] == 3


def test_request_fees_come_from_the_file_whole(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    load_config(paths)  # writes the defaults, fees included
    assert "[fees]" in paths.config_file.read_text(encoding="utf-8")
    paths.config_file.write_text(
        "[fees]\ncounter_fee_rials = 90000\n[fees.fees]\nMETER_TEST = 1234000\n", encoding="utf-8"
    )
    fees = load_config(paths).fees
    assert fees.counter_fee_rials == 90_000
    assert fees.fees[RequestType.METER_TEST] == 1_234_000
    assert fees.fees[RequestType.CHANGE_USE] == 0  # taken whole: no demo fee leaks in


@pytest.mark.parametrize(
    "content",
    [
        "[desk]\ndesk_no = 'abc'\n",
        "[desk]\nidle_lock_minutes = 0\n",
        "[central]\nverify_tls = 'false'\n",
        "[store]\nurl = 5\n",
        "version = true\n",
        "version = -3\n",
        "desk = 5\n",
        "[desk]\ncompany_code = '12'\n",
        "[tariff]\nbase_price_rials = 1000\n",
        "[fees]\ncounter_fee_rials = -5\n",
        "[fees]\ncounter_fee_rials = 1.5\n",
        "[fees.fees]\nNO_SUCH_SERVICE = 1000\n",
        "fees = 3\n",
        "[scan]\npdfa = 'yes'\n",
        "scan = 1\n",
    ],
)
def test_wrong_types_are_refused_at_load(tmp_path: Path, content: str) -> None:
    paths = DataPaths(tmp_path)
    paths.config_file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match="تنظیمات"):
        load_config(paths)


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.config_file.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(ConfigError, match="خوانده نشد"):
        load_config(paths)


def test_scanned_documents_can_be_saved_as_pdfa(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    paths.config_file.write_text("[scan]\npdfa = true\n", encoding="utf-8")
    assert load_config(paths).scan_pdfa is True
