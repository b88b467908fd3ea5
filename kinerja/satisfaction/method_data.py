"""The survey method of PermenPAN-RB 14/2017 as data (docs/regulations.md, Satisfaction index).

The nine elements (unsur) by code and name; U8 is the handling of complaints and U9 facilities, the order
of the regulation's list of elements (sources differ on it, which is why elements are kept by code and
name, never by position). Questions follow the regulation's sample questionnaire.
"""

CODE = "permenpanrb-14-2017"
NAME = "SKM PermenPAN-RB 14/2017"
REGULATION = "Peraturan Menteri PANRB Nomor 14 Tahun 2017"
GRADES = [
    ["88.31", "A", "Sangat Baik"],
    ["76.61", "B", "Baik"],
    ["65.00", "C", "Kurang Baik"],
    ["25.00", "D", "Tidak Baik"],
]

ELEMENTS = [
    ("U1", "Persyaratan", "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
     ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("U2", "Sistem, Mekanisme, dan Prosedur", "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
     ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    ("U3", "Waktu Penyelesaian", "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
     ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    ("U4", "Biaya/Tarif", "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
     ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    ("U5", "Produk Spesifikasi Jenis Pelayanan",
     "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
     ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("U6", "Kompetensi Pelaksana", "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
     ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    ("U7", "Perilaku Pelaksana", "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
     ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah")),
    ("U8", "Penanganan Pengaduan, Saran dan Masukan", "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
     ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    ("U9", "Sarana dan Prasarana", "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
     ("Buruk", "Cukup", "Baik", "Sangat Baik")),
]  # fmt: skip


def install(SurveyMethod, SurveyElement) -> None:
    """Create the method and its elements if missing (models passed in, so a migration can use it)."""
    method, created = SurveyMethod.objects.get_or_create(
        code=CODE, defaults={"name": NAME, "regulation": REGULATION, "weight_rule": "exact", "grades": GRADES}
    )
    if not created:
        return
    SurveyElement.objects.bulk_create(
        [
            SurveyElement(
                method=method,
                code=code,
                name=name,
                question=question,
                position=position,
                label_1=labels[0],
                label_2=labels[1],
                label_3=labels[2],
                label_4=labels[3],
            )  # fmt: skip
            for position, (code, name, question, labels) in enumerate(ELEMENTS, start=1)
        ]
    )
