"""ISO 3166-1 country codes with their E.164 calling codes and national trunk prefixes.

Reference data: every officially assigned ISO 3166-1 alpha-2 code (all 249),
its English short name, its ITU-T E.164 country calling code and its national
trunk prefix. The library uses it to validate country codes
(:func:`is_country_code`, :func:`country`) and to normalise a phone number
written in national form into E.164 (see ``PhoneNumber`` in
``pcf_sales.core``): drop the trunk prefix, put the calling code in front.

User-assigned and exceptionally reserved codes (``XK``, ``EU``, ``UK``, ``AC``,
``EA``, ``IC``, ``TA``, ``ZZ``, ...) are not country codes here.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Final, TypeAlias

import attrs

from pcf_sales.errors import ValidationError

__all__ = ["COUNTRIES", "CountryInfo", "country", "is_country_code"]


@attrs.frozen(kw_only=True)
class CountryInfo:
    """One row of the country table.

    ``calling_code`` is the digits of the ITU-T E.164 country calling code,
    without ``+`` (``"1"`` for every member of the North American Numbering
    Plan, ``"44"`` for the United Kingdom and the Crown Dependencies), or
    ``None`` for a place that has no dialing code of its own. ``trunk_prefix``
    is what a number written in national form starts with and loses when it is
    written internationally (``"0"`` in most countries), or ``None`` where a
    national number is dialed from abroad exactly as it is written at home.
    """

    code: str
    name: str
    calling_code: str | None
    trunk_prefix: str | None


_Row: TypeAlias = tuple[str, str, str | None, str | None]

# (code, name, calling code, trunk prefix), sorted by code.
#
# Names: CLDR's English short names (as Babel gives them), except "Côte d'Ivoire"
# (an ASCII apostrophe), "Hong Kong", "Macao", "Myanmar" and "Palestine", where
# CLDR's default is the longer form ("Hong Kong SAR China", "Myanmar (Burma)", ...).
#
# Calling codes and trunk prefixes follow libphonenumber's metadata, with these choices:
# - The NANP members all have "1" and trunk "1"; their area codes (876, 787, ...) belong
#   to the national number.
# - Italy, San Marino and the Vatican keep their leading 0 when dialed from abroad
#   (+39 06 ..., +378 0549 ...), so they have no trunk prefix; so does Gabon (+241 01 ...)
#   and Côte d'Ivoire since its 2021 move to ten digits.
# - Belarus writes national numbers as "8 0xx ..." (+375 xx ...): its trunk prefix here
#   is "80", so "8 029 ..." becomes "+375 29 ...".
# - Russia and Kazakhstan (shared +7) and Turkmenistan use "8"; Hungary uses "06".
# - No calling code (None) for the places without a telephone service of their own: Bouvet
#   Island, South Georgia, Heard and McDonald Islands, the French Southern Territories and
#   the US Outlying Islands (other lists give them +47, +500, +672, +262 or +1).
#   Antarctica has +672 (Australia's bases dial +672 1x); the Pitcairn Islands use +64.
_ROWS: Final[tuple[_Row, ...]] = (
    ("AD", "Andorra", "376", None),
    ("AE", "United Arab Emirates", "971", "0"),
    ("AF", "Afghanistan", "93", "0"),
    ("AG", "Antigua & Barbuda", "1", "1"),
    ("AI", "Anguilla", "1", "1"),
    ("AL", "Albania", "355", "0"),
    ("AM", "Armenia", "374", "0"),
    ("AO", "Angola", "244", None),
    ("AQ", "Antarctica", "672", None),
    ("AR", "Argentina", "54", "0"),
    ("AS", "American Samoa", "1", "1"),
    ("AT", "Austria", "43", "0"),
    ("AU", "Australia", "61", "0"),
    ("AW", "Aruba", "297", None),
    ("AX", "Åland Islands", "358", "0"),
    ("AZ", "Azerbaijan", "994", "0"),
    ("BA", "Bosnia & Herzegovina", "387", "0"),
    ("BB", "Barbados", "1", "1"),
    ("BD", "Bangladesh", "880", "0"),
    ("BE", "Belgium", "32", "0"),
    ("BF", "Burkina Faso", "226", None),
    ("BG", "Bulgaria", "359", "0"),
    ("BH", "Bahrain", "973", None),
    ("BI", "Burundi", "257", None),
    ("BJ", "Benin", "229", None),
    ("BL", "St. Barthélemy", "590", "0"),
    ("BM", "Bermuda", "1", "1"),
    ("BN", "Brunei", "673", None),
    ("BO", "Bolivia", "591", "0"),
    ("BQ", "Caribbean Netherlands", "599", None),
    ("BR", "Brazil", "55", "0"),
    ("BS", "Bahamas", "1", "1"),
    ("BT", "Bhutan", "975", None),
    ("BV", "Bouvet Island", None, None),
    ("BW", "Botswana", "267", None),
    ("BY", "Belarus", "375", "80"),  # national "8 029 ...", international "+375 29 ..."
    ("BZ", "Belize", "501", None),
    ("CA", "Canada", "1", "1"),
    ("CC", "Cocos (Keeling) Islands", "61", "0"),
    ("CD", "Congo - Kinshasa", "243", "0"),
    ("CF", "Central African Republic", "236", None),
    ("CG", "Congo - Brazzaville", "242", None),
    ("CH", "Switzerland", "41", "0"),
    ("CI", "Côte d'Ivoire", "225", None),
    ("CK", "Cook Islands", "682", None),
    ("CL", "Chile", "56", None),
    ("CM", "Cameroon", "237", None),
    ("CN", "China", "86", "0"),
    ("CO", "Colombia", "57", "0"),
    ("CR", "Costa Rica", "506", None),
    ("CU", "Cuba", "53", "0"),
    ("CV", "Cape Verde", "238", None),
    ("CW", "Curaçao", "599", None),
    ("CX", "Christmas Island", "61", "0"),
    ("CY", "Cyprus", "357", None),
    ("CZ", "Czechia", "420", None),
    ("DE", "Germany", "49", "0"),
    ("DJ", "Djibouti", "253", None),
    ("DK", "Denmark", "45", None),
    ("DM", "Dominica", "1", "1"),
    ("DO", "Dominican Republic", "1", "1"),
    ("DZ", "Algeria", "213", "0"),
    ("EC", "Ecuador", "593", "0"),
    ("EE", "Estonia", "372", None),
    ("EG", "Egypt", "20", "0"),
    ("EH", "Western Sahara", "212", "0"),
    ("ER", "Eritrea", "291", "0"),
    ("ES", "Spain", "34", None),
    ("ET", "Ethiopia", "251", "0"),
    ("FI", "Finland", "358", "0"),
    ("FJ", "Fiji", "679", None),
    ("FK", "Falkland Islands", "500", None),
    ("FM", "Micronesia", "691", None),
    ("FO", "Faroe Islands", "298", None),
    ("FR", "France", "33", "0"),
    ("GA", "Gabon", "241", None),
    ("GB", "United Kingdom", "44", "0"),
    ("GD", "Grenada", "1", "1"),
    ("GE", "Georgia", "995", "0"),
    ("GF", "French Guiana", "594", "0"),
    ("GG", "Guernsey", "44", "0"),
    ("GH", "Ghana", "233", "0"),
    ("GI", "Gibraltar", "350", None),
    ("GL", "Greenland", "299", None),
    ("GM", "Gambia", "220", None),
    ("GN", "Guinea", "224", None),
    ("GP", "Guadeloupe", "590", "0"),
    ("GQ", "Equatorial Guinea", "240", None),
    ("GR", "Greece", "30", None),
    ("GS", "South Georgia & South Sandwich Islands", None, None),
    ("GT", "Guatemala", "502", None),
    ("GU", "Guam", "1", "1"),
    ("GW", "Guinea-Bissau", "245", None),
    ("GY", "Guyana", "592", None),
    ("HK", "Hong Kong", "852", None),
    ("HM", "Heard & McDonald Islands", None, None),
    ("HN", "Honduras", "504", None),
    ("HR", "Croatia", "385", "0"),
    ("HT", "Haiti", "509", None),
    ("HU", "Hungary", "36", "06"),
    ("ID", "Indonesia", "62", "0"),
    ("IE", "Ireland", "353", "0"),
    ("IL", "Israel", "972", "0"),
    ("IM", "Isle of Man", "44", "0"),
    ("IN", "India", "91", "0"),
    ("IO", "British Indian Ocean Territory", "246", None),
    ("IQ", "Iraq", "964", "0"),
    ("IR", "Iran", "98", "0"),
    ("IS", "Iceland", "354", None),
    ("IT", "Italy", "39", None),  # keeps its leading 0: +39 06 ...
    ("JE", "Jersey", "44", "0"),
    ("JM", "Jamaica", "1", "1"),
    ("JO", "Jordan", "962", "0"),
    ("JP", "Japan", "81", "0"),
    ("KE", "Kenya", "254", "0"),
    ("KG", "Kyrgyzstan", "996", "0"),
    ("KH", "Cambodia", "855", "0"),
    ("KI", "Kiribati", "686", "0"),
    ("KM", "Comoros", "269", None),
    ("KN", "St. Kitts & Nevis", "1", "1"),
    ("KP", "North Korea", "850", "0"),
    ("KR", "South Korea", "82", "0"),
    ("KW", "Kuwait", "965", None),
    ("KY", "Cayman Islands", "1", "1"),
    ("KZ", "Kazakhstan", "7", "8"),
    ("LA", "Laos", "856", "0"),
    ("LB", "Lebanon", "961", "0"),
    ("LC", "St. Lucia", "1", "1"),
    ("LI", "Liechtenstein", "423", "0"),
    ("LK", "Sri Lanka", "94", "0"),
    ("LR", "Liberia", "231", "0"),
    ("LS", "Lesotho", "266", None),
    ("LT", "Lithuania", "370", "0"),
    ("LU", "Luxembourg", "352", None),
    ("LV", "Latvia", "371", None),
    ("LY", "Libya", "218", "0"),
    ("MA", "Morocco", "212", "0"),
    ("MC", "Monaco", "377", "0"),
    ("MD", "Moldova", "373", "0"),
    ("ME", "Montenegro", "382", "0"),
    ("MF", "St. Martin", "590", "0"),
    ("MG", "Madagascar", "261", "0"),
    ("MH", "Marshall Islands", "692", "1"),
    ("MK", "North Macedonia", "389", "0"),
    ("ML", "Mali", "223", None),
    ("MM", "Myanmar", "95", "0"),
    ("MN", "Mongolia", "976", "0"),
    ("MO", "Macao", "853", None),
    ("MP", "Northern Mariana Islands", "1", "1"),
    ("MQ", "Martinique", "596", "0"),
    ("MR", "Mauritania", "222", None),
    ("MS", "Montserrat", "1", "1"),
    ("MT", "Malta", "356", None),
    ("MU", "Mauritius", "230", None),
    ("MV", "Maldives", "960", None),
    ("MW", "Malawi", "265", "0"),
    ("MX", "Mexico", "52", None),
    ("MY", "Malaysia", "60", "0"),
    ("MZ", "Mozambique", "258", None),
    ("NA", "Namibia", "264", "0"),
    ("NC", "New Caledonia", "687", None),
    ("NE", "Niger", "227", None),
    ("NF", "Norfolk Island", "672", None),
    ("NG", "Nigeria", "234", "0"),
    ("NI", "Nicaragua", "505", None),
    ("NL", "Netherlands", "31", "0"),
    ("NO", "Norway", "47", None),
    ("NP", "Nepal", "977", "0"),
    ("NR", "Nauru", "674", None),
    ("NU", "Niue", "683", None),
    ("NZ", "New Zealand", "64", "0"),
    ("OM", "Oman", "968", None),
    ("PA", "Panama", "507", None),
    ("PE", "Peru", "51", "0"),
    ("PF", "French Polynesia", "689", None),
    ("PG", "Papua New Guinea", "675", None),
    ("PH", "Philippines", "63", "0"),
    ("PK", "Pakistan", "92", "0"),
    ("PL", "Poland", "48", None),
    ("PM", "St. Pierre & Miquelon", "508", "0"),
    ("PN", "Pitcairn Islands", "64", None),
    ("PR", "Puerto Rico", "1", "1"),
    ("PS", "Palestine", "970", "0"),
    ("PT", "Portugal", "351", None),
    ("PW", "Palau", "680", None),
    ("PY", "Paraguay", "595", "0"),
    ("QA", "Qatar", "974", None),
    ("RE", "Réunion", "262", "0"),
    ("RO", "Romania", "40", "0"),
    ("RS", "Serbia", "381", "0"),
    ("RU", "Russia", "7", "8"),
    ("RW", "Rwanda", "250", "0"),
    ("SA", "Saudi Arabia", "966", "0"),
    ("SB", "Solomon Islands", "677", None),
    ("SC", "Seychelles", "248", None),
    ("SD", "Sudan", "249", "0"),
    ("SE", "Sweden", "46", "0"),
    ("SG", "Singapore", "65", None),
    ("SH", "St. Helena", "290", None),
    ("SI", "Slovenia", "386", "0"),
    ("SJ", "Svalbard & Jan Mayen", "47", None),
    ("SK", "Slovakia", "421", "0"),
    ("SL", "Sierra Leone", "232", "0"),
    ("SM", "San Marino", "378", None),  # keeps its leading 0: +378 0549 ...
    ("SN", "Senegal", "221", None),
    ("SO", "Somalia", "252", "0"),
    ("SR", "Suriname", "597", None),
    ("SS", "South Sudan", "211", "0"),
    ("ST", "São Tomé & Príncipe", "239", None),
    ("SV", "El Salvador", "503", None),
    ("SX", "Sint Maarten", "1", "1"),
    ("SY", "Syria", "963", "0"),
    ("SZ", "Eswatini", "268", None),
    ("TC", "Turks & Caicos Islands", "1", "1"),
    ("TD", "Chad", "235", None),
    ("TF", "French Southern Territories", None, None),
    ("TG", "Togo", "228", None),
    ("TH", "Thailand", "66", "0"),
    ("TJ", "Tajikistan", "992", None),
    ("TK", "Tokelau", "690", None),
    ("TL", "Timor-Leste", "670", None),
    ("TM", "Turkmenistan", "993", "8"),
    ("TN", "Tunisia", "216", None),
    ("TO", "Tonga", "676", None),
    ("TR", "Türkiye", "90", "0"),
    ("TT", "Trinidad & Tobago", "1", "1"),
    ("TV", "Tuvalu", "688", None),
    ("TW", "Taiwan", "886", "0"),
    ("TZ", "Tanzania", "255", "0"),
    ("UA", "Ukraine", "380", "0"),
    ("UG", "Uganda", "256", "0"),
    ("UM", "U.S. Outlying Islands", None, None),
    ("US", "United States", "1", "1"),
    ("UY", "Uruguay", "598", "0"),
    ("UZ", "Uzbekistan", "998", None),
    ("VA", "Vatican City", "39", None),  # Italian numbering: keeps its leading 0
    ("VC", "St. Vincent & Grenadines", "1", "1"),
    ("VE", "Venezuela", "58", "0"),
    ("VG", "British Virgin Islands", "1", "1"),
    ("VI", "U.S. Virgin Islands", "1", "1"),
    ("VN", "Vietnam", "84", "0"),
    ("VU", "Vanuatu", "678", None),
    ("WF", "Wallis & Futuna", "681", None),
    ("WS", "Samoa", "685", None),
    ("YE", "Yemen", "967", "0"),
    ("YT", "Mayotte", "262", "0"),
    ("ZA", "South Africa", "27", "0"),
    ("ZM", "Zambia", "260", "0"),
    ("ZW", "Zimbabwe", "263", "0"),
)

#: Every officially assigned ISO 3166-1 alpha-2 code, mapped to its row; read-only.
COUNTRIES: Final[Mapping[str, CountryInfo]] = types.MappingProxyType(
    {
        code: CountryInfo(code=code, name=name, calling_code=calling_code, trunk_prefix=trunk)
        for code, name, calling_code, trunk in _ROWS
    }
)

_EXAMPLES: Final = "an ISO 3166-1 alpha-2 code such as 'DE' or 'US'"


def is_country_code(value: str) -> bool:
    """True for an assigned alpha-2 code in upper case, such as ``'DE'`` (not ``'de'``)."""
    return isinstance(value, str) and value in COUNTRIES


def country(code: str) -> CountryInfo:
    """The row for ``code``, an assigned alpha-2 code in upper case.

    Raises :class:`~pcf_sales.errors.ValidationError` (field ``"country"``) for
    anything else, saying what was given and what is expected.
    """
    found = COUNTRIES.get(code) if isinstance(code, str) else None
    if found is not None:
        return found
    if not isinstance(code, str):
        reason = f"expected {_EXAMPLES}, got {type(code).__name__} {_shown(code)}"
    elif code.isascii() and code.upper() in COUNTRIES:
        reason = f"got {_shown(code)}; expected {_EXAMPLES}, in upper case: use {code.upper()!r}"
    else:
        reason = f"got {_shown(code)}, which is not an assigned country code; expected {_EXAMPLES}"
    raise ValidationError("country", reason)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
