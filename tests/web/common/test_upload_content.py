"""An upload is accepted by its whole content, not its first bytes: a PDF opens and has a page, an image decodes
to its last pixel, a Word file opens and carries no program, macro or escaping path."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from reportlab.pdfgen import canvas

from gongkai.web.common import uploads
from gongkai.web.common.uploads import ACCEPTED_FORMATS, CheckedUpload, check_upload

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"This program cannot be run in DOS mode.\r\r\n$" + bytes(64)


def _image(pillow_format: str, size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 50).convert("RGB").save(out, format=pillow_format)
    return out.getvalue()


def _pdf(*, pages: int = 1, password: str | None = None) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=password)
    for _ in range(pages):
        page.drawString(72, 720, "ID")
        page.showPage()
    page.save()
    return out.getvalue()


def _docx(extra: dict[str, bytes] | None = None, *, content_types: bytes | None = None) -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("营业执照")
    document.save(out)
    if extra is None and content_types is None:
        return out.getvalue()
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "[Content_Types].xml" and content_types is not None:
                data = content_types
            target.writestr(entry, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return rebuilt.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _check(content: bytes, name: str = "身份证明") -> CheckedUpload:
    return check_upload(SimpleUploadedFile(name, content))


def _refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        _check(content)
    return refused.value


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (_pdf(), "application/pdf", ".pdf"),
        (_image("PNG"), "image/png", ".png"),
        (_image("JPEG"), "image/jpeg", ".jpg"),
        (_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ],
)
def test_whole_files_of_each_accepted_format_pass(content: bytes, content_type: str, extension: str) -> None:
    checked = _check(content)
    assert (checked.content_type, checked.extension, checked.content) == (content_type, extension, content)


def test_a_pdf_header_before_a_windows_program_is_refused() -> None:
    refused = _refusal(b"%PDF-1.7\n" + PROGRAM)
    assert refused.code == "bad_pdf"
    assert "不是完整的 PDF 文件" in refused.messages[0]


ELF_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + bytes(56)


@pytest.mark.parametrize(
    "content",
    [
        _pdf() + _zip({"run.exe": PROGRAM}),
        _pdf() + PROGRAM,
        _image("JPEG") + _zip({"readme.txt": b"hello"}),
        _image("JPEG") + b"Rar!\x1a\x07\x01\x00" + bytes(32),
        _image("PNG") + ELF_PROGRAM,
        _image("PNG") + b"7z\xbc\xaf\x27\x1c" + bytes(32),
    ],
    ids=[
        "pdf-then-zip",
        "pdf-then-windows-program",
        "jpeg-then-zip",
        "jpeg-then-rar",
        "png-then-linux-program",
        "png-then-7z",
    ],
)
def test_a_document_that_opens_but_hides_a_program_or_an_archive_after_it_is_refused(content: bytes) -> None:
    refused = _refusal(content)
    assert refused.code == "hidden_content"
    assert "夹带了程序或压缩包" in refused.messages[0]


def test_a_pdf_cut_in_half_or_without_pages_or_with_a_password_is_refused() -> None:
    whole = _pdf()
    assert _refusal(whole[: len(whole) // 2]).code == "bad_pdf"
    empty = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    assert _refusal(empty).code == "empty_pdf"
    locked = _refusal(_pdf(password="secret"))
    assert locked.code == "encrypted"
    assert "有密码保护" in locked.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xd8\xff",
        _image("JPEG")[:-200],
        b"\x89PNG\r\n\x1a\n" + PROGRAM,
        _image("PNG")[:-100],
    ],
    ids=["jpeg-magic-only", "jpeg-truncated", "png-magic-then-program", "png-truncated"],
)
def test_images_pillow_cannot_decode_to_the_end_are_refused(content: bytes) -> None:
    refused = _refusal(content)
    assert refused.code == "bad_image"
    assert "已损坏或不完整" in refused.messages[0]


def test_an_image_with_more_pixels_than_a_scan_has_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 1000)
    refused = _refusal(_image("PNG", (40, 30)))
    assert refused.code == "too_many_pixels"
    assert "像素过多" in refused.messages[0]
    assert _check(_image("PNG", (40, 25))).content_type == "image/png"


@pytest.mark.parametrize(
    "content",
    [
        _zip({"word/document.xml": b"<w:document/>", "evil.exe": PROGRAM}),
        _docx({"evil.exe": PROGRAM}),
        _docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"}),
        _docx({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + bytes(100) + PROGRAM}),
        _docx({"word/media/image9.png": PROGRAM}),
        _docx({"word/activeX/activeX1.bin": b"\xd0\xcf\x11\xe0"}),
        _docx({"run.PS1": b"Remove-Item C:\\"}),
        _docx(
            content_types=b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.'
            b'document.macroEnabled.main+xml"/></Types>'
        ),
    ],
    ids=[
        "zip-with-exe",
        "docx-with-exe",
        "vba",
        "ole-packaged-program",
        "renamed-program",
        "activex",
        "ps1",
        "docm",
    ],
)
def test_word_files_carrying_programs_or_macros_are_refused(content: bytes) -> None:
    refused = _refusal(content)
    assert refused.code == "docx_program"
    assert "含有宏或可执行程序" in refused.messages[0]


@pytest.mark.parametrize(
    "entry", ["../evil.txt", "word/../../evil.txt", "/etc/cron.d/x", "word\\..\\x", "C:/x"]
)
def test_word_files_with_entries_that_leave_their_folder_are_refused(entry: str) -> None:
    refused = _refusal(_docx({entry: b"x"}))
    assert refused.code == "docx_unsafe_path"


def test_a_word_file_that_unpacks_past_the_limit_is_refused() -> None:
    bomb = _docx({"word/media/zeros.bin": bytes(uploads.DOCX_MAX_UNCOMPRESSED_BYTES)})
    assert len(bomb) < 1024 * 1024
    refused = _refusal(bomb)
    assert refused.code == "docx_too_large"
    assert "解压后超过50 MB" in refused.messages[0]


def test_a_zip_naming_a_document_part_that_python_docx_cannot_open_is_refused() -> None:
    refused = _refusal(_zip({"word/document.xml": b"<w:document/>"}))
    assert refused.code == "bad_docx"
    assert "已损坏" in refused.messages[0]


def test_the_refusal_of_an_unknown_type_lists_the_accepted_formats() -> None:
    refused = _refusal(PROGRAM)
    assert refused.code == "bad_type"
    assert "请上传 PDF、JPG、PNG、DOCX 文件" in refused.messages[0]
    assert [f.name for f in ACCEPTED_FORMATS] == ["PDF", "JPG", "PNG", "DOCX"]
    with translation.override("en"):
        assert "PDF, JPG, PNG, DOCX" in _refusal(PROGRAM).messages[0]


def test_the_stored_name_has_no_folders_control_or_invisible_characters() -> None:
    checked = _check(_image("PNG"), name="../身\x1b[31m份\u202e证\x00.png")
    assert checked.name == "身_[31m份证_.png"
