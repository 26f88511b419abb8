"""`gongkai workdays`, `gongkai deadline`, `gongkai fees` through `gongkai.cli.main`, with exit statuses."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from gongkai.cli import main
from tests.core.workdays.samples import HYPOTHETICAL_2027, HYPOTHETICAL_NOTICE_2027, LOCAL_2025, write


@pytest.fixture(autouse=True)
def _no_deployment_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGKAI_CALENDAR_DIR", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def run_usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


# --- workdays --------------------------------------------------------------------------------------------


def test_workdays_is(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "workdays", "is", "2026-02-14")
    assert status == 0
    assert "2026年2月14日（周六）是工作日（春节调休上班）" in out
    status, out, _ = run(capsys, "workdays", "is", "2026年2月16日")
    assert status == 0
    assert "不是工作日（春节放假）" in out


def test_workdays_add(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "workdays", "add", "2026-02-14", "1")
    assert status == 0
    assert out.splitlines()[0] == "2026-02-24"
    assert "春节（2月15日至2月23日）" in out
    status, out, _ = run(capsys, "workdays", "add", "2025-09-26", "20")
    assert out.splitlines()[0] == "2025-10-30"
    status, out, _ = run(capsys, "workdays", "add", "2025-10-30", "-20")
    assert status == 0
    assert out.splitlines()[0] == "2025-09-26"


def test_workdays_between_and_years(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "workdays", "between", "2025-09-26", "2025-10-30")
    assert status == 0
    assert out.splitlines()[0] == "20"
    status, out, _ = run(capsys, "workdays", "years")
    assert status == 0
    assert "国办发明电〔2025〕7号" in out
    assert "共载入23年（2004–2026）" in out


def test_a_missing_year_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "workdays", "add", "2026-12-15", "20")
    assert status == 2
    assert "2027年的法定节假日安排尚未载入" in err
    assert "calendar.year_missing" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("workdays", "is", "2026-02-30"), "不是有效的日期"),
        (("workdays", "add", "2026-02-14", "two"), "不是整数"),
        (("workdays", "is", "2026-02-14", "--calendar-dir", "/nonexistent/calendar"), "不存在"),
    ],
)
def test_bad_input_exits_2_in_chinese(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert message in err


def test_missing_arguments_exit_2_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert "缺少参数" in run_usage_error(capsys, "workdays", "add", "2026-02-14")
    assert "无效" in run_usage_error(capsys, "workdays", "shift")


def test_check_a_calendar_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = write(tmp_path, "2027.toml", HYPOTHETICAL_2027)
    status, out, _ = run(capsys, "workdays", "check", str(good))
    assert status == 0
    assert "放假11天，调休上班1天" in out
    bad = write(tmp_path / "bad", "2027.toml", HYPOTHETICAL_2027.replace("2027-02-20", "2027-02-17"))
    status, _, err = run(capsys, "workdays", "check", str(bad))
    assert status == 2
    assert "2027-02-17" in err
    assert "calendar.bad_data" in err


# --- adding a year: the deadline turns from provisional to exact -----------------------------------------


def test_add_year_makes_a_provisional_deadline_exact(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = run(capsys, "deadline", "--received", "2026-12-15")
    assert status == 0
    assert "答复期限：2027年1月12日（周二）【暂定】" in out
    assert "2027年的节假日安排尚未载入" in out

    notice = write(tmp_path / "downloads", "2027.toml", HYPOTHETICAL_2027)
    deployment = tmp_path / "calendar"
    status, out, _ = run(
        capsys, "workdays", "add-year", "2027", str(notice), "--calendar-dir", str(deployment)
    )
    assert status == 0
    assert (deployment / "2027.toml").read_text(encoding="utf-8") == HYPOTHETICAL_2027
    assert "recalc-deadlines" in out

    status, out, _ = run(capsys, "deadline", "--received", "2026-12-15", "--calendar-dir", str(deployment))
    assert status == 0
    assert "答复期限：2027年1月13日（周三）（第三十三条第二款）" in out
    assert "暂定" not in out

    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(deployment))
    status, out, _ = run(capsys, "workdays", "add", "2026-12-15", "20")
    assert status == 0
    assert out.splitlines()[0] == "2027-01-13"


def test_from_notice_then_add_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notice's text → the year's file (checked, then loaded) → the deadline no longer provisional."""
    notice = write(tmp_path / "downloads", "通知.txt", HYPOTHETICAL_NOTICE_2027)
    status, out, _ = run(capsys, "workdays", "from-notice", str(notice), "-o", str(tmp_path / "downloads"))
    assert status == 0
    written = tmp_path / "downloads" / "2027.toml"
    assert "2027年全国安排：放假11天，调休上班1天" in out
    assert 'number = "unverified"' in written.read_text(encoding="utf-8")
    assert "没有在文本中找到文号" in out
    assert (
        "通知中没有找到清明节、劳动节、端午节、中秋节、国庆节的安排" in out
    )  # the sample arranges two holidays
    deployment = tmp_path / "calendar"
    assert (
        run(capsys, "workdays", "add-year", "2027", str(written), "--calendar-dir", str(deployment))[0] == 0
    )
    status, out, _ = run(capsys, "deadline", "--received", "2026-12-15", "--calendar-dir", str(deployment))
    assert "答复期限：2027年1月13日（周三）（第三十三条第二款）" in out

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(HYPOTHETICAL_NOTICE_2027.encode("gb18030"))))
    status, out, err = run(capsys, "workdays", "from-notice", "-")
    assert status == 0
    assert out.startswith("# 2027年全国节假日安排")
    assert "first = 2027-02-05" in out
    assert "add-year 2027" in err  # the advice on stderr, the file alone on stdout

    status, _, err = run(capsys, "workdays", "from-notice", str(notice), "-o", str(written))
    assert (status, "--force" in err) == (2, True)
    status, _, err = run(capsys, "workdays", "from-notice", str(notice), "-o", str(tmp_path / "x.toml"))
    assert (status, "请写作 2027.toml" in err) == (2, True)
    wrong = write(tmp_path, "wrong.txt", HYPOTHETICAL_NOTICE_2027.replace("1月1日（周五）", "1月1日（周四）"))
    status, _, err = run(capsys, "workdays", "from-notice", str(wrong))
    assert status == 2
    assert "“元旦”一项写的“1月1日（周四）”与日历不符：2027年1月1日（周五）" in err


def test_add_year_refusals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notice = write(tmp_path / "downloads", "2027.toml", HYPOTHETICAL_2027)
    deployment = tmp_path / "calendar"
    status, _, err = run(capsys, "workdays", "add-year", "2027", str(notice))
    assert status == 2
    assert "--calendar-dir" in err
    status, _, err = run(
        capsys, "workdays", "add-year", "2028", str(notice), "--calendar-dir", str(deployment)
    )
    assert status == 2
    assert "不符" in err
    local = write(tmp_path / "downloads", "2025-local.toml", LOCAL_2025)
    status, _, err = run(
        capsys, "workdays", "add-year", "2025", str(local), "--calendar-dir", str(deployment)
    )
    assert status == 2
    assert "本地增补" in err
    for missing, message in (
        (tmp_path / "nowhere.toml", "找不到日历文件"),
        (tmp_path / "downloads", "是一个目录"),
        (write(tmp_path, "binary.toml", ""), ""),
    ):
        if missing.name == "binary.toml":
            missing.write_bytes(b"\xff\xfe\x00garbage")
            message = "不是 UTF-8 编码的文本"
        status, _, err = run(
            capsys, "workdays", "add-year", "2027", str(missing), "--calendar-dir", str(deployment)
        )
        assert (status, message in err, "Errno" in err) == (2, True, False)
    status, out, _ = run(
        capsys, "workdays", "add-year", "2027", str(notice), "--calendar-dir", str(deployment)
    )
    assert status == 0
    assert "文件中没有清明节、劳动节、端午节、中秋节、国庆节的安排" in out  # the sample arranges two holidays
    status, _, err = run(
        capsys, "workdays", "add-year", "2027", str(notice), "--calendar-dir", str(deployment)
    )
    assert status == 2
    assert "--force" in err
    status, out, _ = run(
        capsys, "workdays", "add-year", "2027", str(notice), "--calendar-dir", str(deployment), "--force"
    )
    assert status == 0
    assert "原有的安排已被替换" in out


def test_add_year_that_conflicts_with_a_local_file_leaves_nothing_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    deployment = tmp_path / "calendar"
    # A local holiday on a day the new year's notice makes a working day.
    write(deployment, "2027-local.toml", LOCAL_2025.replace("2025-03-31", "2027-02-20").replace(
        "2025-04-01", "2027-02-20").replace("2025", "2027"))  # fmt: skip
    notice = write(tmp_path / "downloads", "2027.toml", HYPOTHETICAL_2027)
    status, _, err = run(
        capsys, "workdays", "add-year", "2027", str(notice), "--calendar-dir", str(deployment)
    )
    assert status == 2
    assert "2027-02-20" in err
    assert not (deployment / "2027.toml").exists()


# --- deadline --------------------------------------------------------------------------------------------


def test_deadline_explains_its_steps(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "deadline", "--received", "2026-02-10", "--paused", "2026-02-12:2026-03-02",
        "--extension", "20", "--extension-approved", "2026-03-20",
    )  # fmt: skip
    assert status == 0
    assert "答复期限：2026年4月24日（周五）（第三十三条第二款）" in out
    assert "8个工作日不计入答复期限" in out
    assert "第三方提出意见期限：2026年3月11日（周三）" in out


def test_deadline_with_a_correction_and_a_channel(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "deadline", "--received", "2026-06-18", "--channel", "online", "--confirmed", "2026-06-18",
        "--correction-requested", "2026-06-25", "--corrected", "2026-07-03",
    )  # fmt: skip
    assert status == 0
    assert "互联网在线申请" in out
    assert "答复期限：2026年7月31日（周五）" in out
    assert "告知补正期限：2026年6月30日（周二）" in out


def test_deadline_with_a_later_reply_date_of_art_35(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "deadline", "--received", "2026-03-02", "--reply-date-set", "2026-03-10:2026-05-29"
    )
    assert status == 0
    assert "答复期限：2026年5月29日（周五）（第三十五条）" in out
    assert "期限由2026年3月30日（周一）改为2026年5月29日（周五）" in out


def test_deadline_with_an_open_pause_is_provisional(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "deadline", "--received", "2025-03-03", "--paused", "2025-03-10:", "--as-of", "2025-03-20"
    )
    assert status == 0
    assert "答复期限：2025年4月11日（周五）【暂定】" in out
    # Without --as-of, the pause has lasted until today: the earliest possible date is not one long past.
    status, out, _ = run(capsys, "deadline", "--received", "2025-03-03", "--paused", "2025-03-10:")
    today = dt.date.today()
    assert status == 0
    assert f"暂按暂停持续至{today.year}年{today.month}月{today.day}日" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("deadline",), "--received"),
        (("deadline", "--received", "2025-09-26", "--extension", "25"), "超过最长20个工作日"),
        (("deadline", "--received", "2025-09-26", "--channel", "online"), "确认的日期"),
        (("deadline", "--received", "2025-09-26", "--channel", "carrier-pigeon"), "未知的申请渠道"),
        (("deadline", "--received", "2025-09-26", "--paused", "2025-09-20:2025-09-30"), "早于收到申请"),
        (("deadline", "--received", "26/9/2025"), "不是有效的日期"),
        (("deadline", "--received", "0001-01-01"), "早于政府信息公开条例施行之日"),
        (("deadline", "--received", "2025-09-26", "--as-of", "2025-09-01"), "请核对 --as-of"),
        (("deadline", "--received", "2026-03-02", "--reply-date-set", "2026-03-10"), "确定日期:答复日期"),
        (
            ("deadline", "--received", "2026-03-02", "--reply-date-set", "2026-03-10:2026-03-20"),
            "无需延迟答复",
        ),
    ],
)
def test_deadline_bad_input(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert message in err
    assert "deadline.error" in err


# --- fees ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "amount"),
    [
        (("fees", "--pages", "250"), "收费4,700元"),
        (("fees", "--requests-this-month", "11"), "收费100元"),
        (("fees", "--requests-this-month", "35"), "收费200元"),
        (("fees", "--requests-this-month", "3"), "收费0元"),
    ],
)
def test_fees(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], amount: str) -> None:
    status, out, _ = run(capsys, *argv)
    assert status == 0
    assert amount in out
    assert "国办函〔2020〕109号" in out


def test_fees_refuses_both_methods_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "fees", "--pages", "250", "--requests-this-month", "11")
    assert status == 2
    assert "fee.method_conflict" in err
    assert "只能选择一种收费方式" in err
    status, _, err = run(capsys, "fees")
    assert status == 2
    assert "fee.error" in err
    status, _, err = run(capsys, "fees", "--pages", "many")
    assert status == 2
    assert "不是整数" in err


@pytest.mark.parametrize("option", [("--extension", "5", "10"), ("--channel", "in_person", "online")])
def test_deadline_refuses_an_option_given_twice(
    capsys: pytest.CaptureFixture[str], option: tuple[str, ...]
) -> None:
    name, first, second = option
    err = run_usage_error(capsys, "deadline", "--received", "2026-03-02", name, first, name, second)
    assert f"参数 {name} 只能给出一次" in err
