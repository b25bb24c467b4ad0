"""The demo district: Bình Xuyên (Vĩnh Phúc) as in the founding directive of 11/05/2018, and
the two-tier government that succeeded it on 01/07/2025.

The province and district codes are the General Statistics Office's; commune codes are local
placeholders (`251.xx`, `25.xx`) — a real deployment imports its own codes.

On 01/07/2025 Vĩnh Phúc was merged into Phú Thọ (Resolution 202/2025/QH15), districts were
abolished and communes merged (for Phú Thọ: Resolution 1676/NQ-UBTVQH15 *(verify)*). The demo
merges Bình Xuyên's thirteen communes into four new communes whose names are those of the reform;
**which old commune went into which new one is SAMPLE data**, not the resolution's text. The
seed's district offices are kept working in the demo (its walkthroughs are the seed's), though
the district itself ended on 30/06/2025.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from motcua.org.models import AdministrativeUnit, Agency, AgencyKind, Role, UnitKind
from motcua.org.services import agency_upsert, position_grant, unit_merge, unit_upsert

DISTRICT_CODE = "BX"
VALID_FROM = date(2009, 1, 1)
# Districts were abolished on 01/07/2025 (the two-tier reform): the demo keeps that history.
DISTRICT_VALID_TO = date(2025, 6, 30)
REFORM_DAY = date(2025, 7, 1)
PROVINCE_CODE = "PT"  # the agencies of today's province, Phú Thọ

DEPARTMENTS: tuple[tuple[str, str, AgencyKind], ...] = (
    ("HCC", "Trung tâm Hành chính công huyện Bình Xuyên", AgencyKind.ADMINISTRATION_CENTRE),
    ("VP", "Văn phòng HĐND và UBND huyện", AgencyKind.OFFICE),
    ("NV", "Phòng Nội vụ", AgencyKind.DEPARTMENT),
    ("TP", "Phòng Tư pháp", AgencyKind.DEPARTMENT),
    ("TCKH", "Phòng Tài chính - Kế hoạch", AgencyKind.DEPARTMENT),
    ("TNMT", "Phòng Tài nguyên và Môi trường", AgencyKind.DEPARTMENT),
    ("KTHT", "Phòng Kinh tế - Hạ tầng", AgencyKind.DEPARTMENT),
    ("LDTBXH", "Phòng Lao động - Thương binh và Xã hội", AgencyKind.DEPARTMENT),
    ("VHTT", "Phòng Văn hóa và Thông tin", AgencyKind.DEPARTMENT),
    ("GDDT", "Phòng Giáo dục và Đào tạo", AgencyKind.DEPARTMENT),
    ("YT", "Phòng Y tế", AgencyKind.DEPARTMENT),
    ("TT", "Thanh tra huyện", AgencyKind.INSPECTORATE),
)

# What a unit of each kind is called in its Vietnamese name.
UNIT_NAME_PREFIX = {UnitKind.TOWNSHIP: "thị trấn", UnitKind.COMMUNE: "xã"}

# (agency code suffix, name without prefix, kind)
COMMUNES: tuple[tuple[str, str, UnitKind], ...] = (
    ("HCANH", "Hương Canh", UnitKind.TOWNSHIP),
    ("GKHANH", "Gia Khánh", UnitKind.TOWNSHIP),
    ("TLANG", "Thanh Lãng", UnitKind.TOWNSHIP),
    ("BAHIEN", "Bá Hiến", UnitKind.COMMUNE),
    ("DDUC", "Đạo Đức", UnitKind.COMMUNE),
    ("HSON", "Hương Sơn", UnitKind.COMMUNE),
    ("PXUAN", "Phú Xuân", UnitKind.COMMUNE),
    ("QLUU", "Quất Lưu", UnitKind.COMMUNE),
    ("SLOI", "Sơn Lôi", UnitKind.COMMUNE),
    ("THOP", "Tam Hợp", UnitKind.COMMUNE),
    ("TPHONG", "Tân Phong", UnitKind.COMMUNE),
    ("TKE", "Thiện Kế", UnitKind.COMMUNE),
    ("TMY", "Trung Mỹ", UnitKind.COMMUNE),
)


# Today's communes that succeeded Bình Xuyên's (names of the 2025 reform; the members: SAMPLE).
NEW_COMMUNES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("BXUYEN", "Bình Xuyên", ("HCANH", "SLOI", "TPHONG", "QLUU")),
    ("BNGUYEN", "Bình Nguyên", ("TKE", "BAHIEN", "HSON")),
    ("XLANG", "Xuân Lãng", ("TLANG", "DDUC", "PXUAN")),
    ("BTUYEN", "Bình Tuyền", ("GKHANH", "THOP", "TMY")),
)
# The commune the demo works in today: its staff are Hương Canh's, carried over by the merger.
TODAYS_COMMUNE = "PT.BXUYEN"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    agency_code: str
    title: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("clerk", "Nguyễn Thị Lan", Role.CLERK, "BX.HCC", "Công chức một cửa"),
    DemoAccount("specialist", "Trần Văn Minh", Role.SPECIALIST, "BX.TP", "Chuyên viên"),
    DemoAccount("leader", "Lê Thị Hoa", Role.DEPARTMENT_LEADER, "BX.TP", "Trưởng phòng"),
    DemoAccount("chairman", "Phạm Văn Đức", Role.SIGNING_AUTHORITY, "BX", "Chủ tịch UBND huyện"),
    DemoAccount("centre", "Hoàng Thị Thu", Role.CENTRE_MANAGER, "BX.HCC", "Giám đốc Trung tâm"),
    DemoAccount(
        "hotline", "Vũ Văn Nam", Role.HOTLINE_OPERATOR, "BX.VP", "Chuyên viên đường dây nóng"
    ),
    DemoAccount("reform", "Đỗ Thị Mai", Role.REFORM_OFFICER, "BX.NV", "Chuyên viên CCHC"),
    DemoAccount("inspector", "Bùi Văn Hùng", Role.INSPECTOR, "BX", "Thanh tra viên"),
    DemoAccount("admin", "Quản trị hệ thống", Role.SYSTEM_ADMIN, "BX", "Quản trị hệ thống"),
    DemoAccount("clerk.huongcanh", "Ngô Thị Hằng", Role.CLERK, "BX.HCANH.MC", "Công chức một cửa"),
)


# Colleagues in the departments and in Hương Canh, so that every demo process has someone at
# each step (Gia Khánh deliberately has nobody: the process audit shows it).
_SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
)
_GIVEN = ("Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Giang", "Thị Hà", "Văn Khánh")
_STAFFED_DEPARTMENTS = ("TCKH", "KTHT", "TNMT", "LDTBXH", "GDDT", "VHTT", "TT")
_DEPARTMENT_HEADS_SIGN = ("TCKH", "KTHT", "TNMT", "GDDT", "VHTT")


def _colleagues() -> tuple[DemoAccount, ...]:
    people: list[tuple[str, Role, str, str]] = []
    for suffix in _STAFFED_DEPARTMENTS:
        code = f"{DISTRICT_CODE}.{suffix}"
        people.append((f"cv.{suffix.lower()}", Role.SPECIALIST, code, "Chuyên viên"))
        people.append((f"pp.{suffix.lower()}", Role.DEPARTMENT_LEADER, code, "Phó Trưởng phòng"))
        if suffix in _DEPARTMENT_HEADS_SIGN:
            people.append((f"tp.{suffix.lower()}", Role.SIGNING_AUTHORITY, code, "Trưởng phòng"))
    people += [
        ("cv.vp", Role.SPECIALIST, "BX.VP", "Chuyên viên Văn phòng"),
        ("cv.huongcanh", Role.SPECIALIST, "BX.HCANH", "Công chức Tư pháp - Hộ tịch"),
        ("ct.huongcanh", Role.SIGNING_AUTHORITY, "BX.HCANH", "Chủ tịch UBND thị trấn"),
    ]
    return tuple(
        DemoAccount(
            username,
            f"{_SURNAMES[n % len(_SURNAMES)]} {_GIVEN[n % len(_GIVEN)]}",
            role,
            agency_code,
            title,
        )
        for n, (username, role, agency_code, title) in enumerate(people)
    )


DEMO_COLLEAGUES = _colleagues()


def demo_password(var_dir: Path) -> tuple[str, bool]:
    """The demo password kept in var/ (created on first use); True when it was just created."""
    path = var_dir / "demo-password"
    if path.exists():
        return path.read_text().strip(), False
    password = "demo-" + secrets.token_urlsafe(9)
    var_dir.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(password)
    return password, True


def sample_electronic_id(number: int) -> str:
    """A SAMPLE electronic identifier in the layout of Decision 20/2020/QĐ-TTg as motcua
    reads it (MX1X2.Y1Y2Y3.Z1Z2): not the agencies' real identifiers, which a province sets."""
    return f"H26.251.{number:02d}"


def load_demo_organisation(*, password: str, reset_passwords: bool) -> None:
    """Create or update the demo district and today's province; running it twice changes
    nothing the second time."""
    _load_district(password=password, reset_passwords=reset_passwords)
    # Each merger is an administrator's action with its own transaction, after the district's.
    load_todays_province()


@transaction.atomic
def _load_district(*, password: str, reset_passwords: bool) -> None:
    province = unit_upsert(
        code="26",
        name="Tỉnh Vĩnh Phúc",
        kind=UnitKind.PROVINCE,
        parent=None,
        valid_from=date(1997, 1, 1),
        valid_to=DISTRICT_VALID_TO,
    )
    district = unit_upsert(
        code="251",
        name="Huyện Bình Xuyên",
        kind=UnitKind.DISTRICT,
        parent=province,
        valid_from=VALID_FROM,
        valid_to=DISTRICT_VALID_TO,
    )
    committee = agency_upsert(
        code=DISTRICT_CODE,
        electronic_id=sample_electronic_id(0),
        name="UBND huyện Bình Xuyên",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        unit=district,
        parent=None,
        valid_from=VALID_FROM,
        valid_to=DISTRICT_VALID_TO,
    )
    for number, (suffix, name, agency_kind) in enumerate(DEPARTMENTS, start=1):
        agency_upsert(
            code=f"{DISTRICT_CODE}.{suffix}",
            electronic_id=sample_electronic_id(number),
            name=name,
            kind=agency_kind,
            unit=district,
            parent=committee,
            valid_from=VALID_FROM,
            valid_to=DISTRICT_VALID_TO,
        )
    merged_on = REFORM_DAY - timedelta(days=1)
    for number, (suffix, name, kind) in enumerate(COMMUNES, start=1):
        commune = unit_upsert(
            code=f"251.{number:02d}",
            name=f"{UNIT_NAME_PREFIX[kind].capitalize()} {name}",
            kind=kind,
            parent=district,
            valid_from=VALID_FROM,
            valid_to=merged_on,
        )
        commune_committee = agency_upsert(
            code=f"{DISTRICT_CODE}.{suffix}",
            electronic_id=sample_electronic_id(20 + number * 2),
            name=f"UBND {UNIT_NAME_PREFIX[kind]} {name}",
            kind=AgencyKind.PEOPLES_COMMITTEE,
            unit=commune,
            parent=committee,
            valid_from=VALID_FROM,
            valid_to=merged_on,
        )
        agency_upsert(
            code=f"{DISTRICT_CODE}.{suffix}.MC",
            electronic_id=sample_electronic_id(21 + number * 2),
            name=f"Bộ phận một cửa {commune.name}",
            kind=AgencyKind.ONE_STOP_UNIT,
            unit=commune,
            parent=commune_committee,
            valid_from=VALID_FROM,
            valid_to=merged_on,
        )
    # Argon2 is slow on purpose: hash the shared demo password once.
    password_hash = make_password(password)
    for account in DEMO_ACCOUNTS + DEMO_COLLEAGUES:
        user, created = get_user_model().objects.get_or_create(
            username=account.username,
            defaults={"full_name": account.full_name, "email": f"{account.username}@demo.motcua"},
        )
        if created or reset_passwords:
            user.password = password_hash
            if account.role is Role.SYSTEM_ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        position_grant(
            user=user,
            agency=Agency.objects.get(code=account.agency_code),
            role=account.role,
            title=account.title,
        )


def load_todays_province() -> None:
    """Phú Thọ and the communes that succeeded Bình Xuyên's on 01/07/2025, merged the way
    `motcua merge-units` merges (staff carried over); nothing changes the second time."""
    admin = get_user_model().objects.get(username="admin")
    province = unit_upsert(
        code="25", name="Tỉnh Phú Thọ", kind=UnitKind.PROVINCE, parent=None,
        valid_from=date(1997, 1, 1),
    )  # fmt: skip
    committee = agency_upsert(
        code=PROVINCE_CODE, electronic_id="H25.000.00", name="UBND tỉnh Phú Thọ",
        kind=AgencyKind.PEOPLES_COMMITTEE, unit=province, parent=None,
        valid_from=date(1997, 1, 1),
    )  # fmt: skip
    old = {suffix: f"251.{number:02d}" for number, (suffix, _n, _k) in enumerate(COMMUNES, 1)}
    for number, (suffix, name, members) in enumerate(NEW_COMMUNES, start=1):
        commune = unit_upsert(
            code=f"25.{number:02d}", name=f"Xã {name}", kind=UnitKind.COMMUNE, parent=province,
            valid_from=REFORM_DAY,
        )  # fmt: skip
        commune_committee = agency_upsert(
            code=f"{PROVINCE_CODE}.{suffix}", electronic_id=f"H25.{number:02d}.00",
            name=f"UBND xã {name}", kind=AgencyKind.PEOPLES_COMMITTEE, unit=commune,
            parent=committee, valid_from=REFORM_DAY,
        )  # fmt: skip
        agency_upsert(
            code=f"{PROVINCE_CODE}.{suffix}.MC", electronic_id=f"H25.{number:02d}.01",
            name=f"Trung tâm Phục vụ hành chính công xã {name}", kind=AgencyKind.ONE_STOP_UNIT,
            unit=commune, parent=commune_committee, valid_from=REFORM_DAY,
        )  # fmt: skip
        merged = AdministrativeUnit.objects.filter(
            code__in=[old[member] for member in members], successor__isnull=True
        )
        if merged:
            unit_merge(actor=admin, units=list(merged), into=commune, on=REFORM_DAY)
    old_province = AdministrativeUnit.objects.get(code="26")
    if old_province.successor_id is None:
        unit_merge(actor=admin, units=[old_province], into=province, on=REFORM_DAY)


def load_demo(*, password: str, reset_passwords: bool) -> None:
    load_demo_organisation(password=password, reset_passwords=reset_passwords)


def demo_is_loaded() -> bool:
    return AdministrativeUnit.objects.filter(code="251").exists()
