"""The canonical codes of docs/domain.md, in one place.

Legal vocabulary keeps the decrees' Indonesian words; every API, plugin and
table uses these codes and nothing else.
"""

COMPONENTS = (
    "persyaratan",
    "prosedur",
    "jangka_waktu",
    "biaya",
    "produk",
    "pengaduan",
    "kompetensi_pelaksana",
    "perilaku_pelaksana",
    "sarana_prasarana",
    "lainnya",
)
SEVERITIES = ("ringan", "sedang", "berat")
# The form of a breach as a decree names it: Kota Bekasi's waktu and cara pelayanan, a gangguan,
# or, for decrees that compensate per component, the component itself.
FORMS = ("waktu", "cara", "gangguan", *COMPONENTS)
CAUSES = ("gangguan",)
COMPENSATIONS = (
    "maaf_lisan",
    "maaf_tertulis",
    "penjelasan_klarifikasi",
    "pemberitahuan_ketidaksesuaian",
    "antar_hasil_layanan",
    "prioritas_layanan",
    "cenderamata",
)
SANCTIONS = ("teguran", "pembinaan", "proses_disiplin")
CHANNELS = ("lisan", "tertulis")
CONDUCTS = ("tidak_sesuai_sop", "tidak_sopan", "kekerasan_fisik")
DISRUPTIONS = ("jaringan", "sarana_prasarana")
TENANT_LEVELS = ("kota", "kabupaten", "provinsi")
# Roles, defined here only: the policy, the CLI, the demo logins and the users table read them.
TENANT_ROLES = ("petugas", "pimpinan", "admin_dinas")  # staff of one agency
PROVINCE_ROLE = "admin_provinsi"  # reads the agencies of one province
PLATFORM_ROLE = "admin_platform"  # runs the platform
ROLES = (*TENANT_ROLES, PROVINCE_ROLE, PLATFORM_ROLE)

# The 14 components of a Standar Pelayanan (PermenPANRB 15/2014), in the order
# the regulation lists them: 6 of service delivery, 8 of internal management.
STANDARD_COMPONENTS = (
    "persyaratan",
    "sistem_mekanisme_prosedur",
    "jangka_waktu",
    "biaya_tarif",
    "produk_pelayanan",
    "penanganan_pengaduan",
    "dasar_hukum",
    "sarana_prasarana",
    "kompetensi_pelaksana",
    "pengawasan_internal",
    "jumlah_pelaksana",
    "jaminan_pelayanan",
    "jaminan_keamanan_keselamatan",
    "evaluasi_kinerja",
)

# How each code reads to the people who use the platform (Bahasa Indonesia first).
LABELS = {
    "persyaratan": "Persyaratan",
    "prosedur": "Sistem, mekanisme dan prosedur",
    "jangka_waktu": "Jangka waktu pelayanan",
    "biaya": "Biaya/tarif",
    "produk": "Produk pelayanan",
    "pengaduan": "Penanganan pengaduan, saran dan masukan",
    "kompetensi_pelaksana": "Kompetensi pelaksana",
    "perilaku_pelaksana": "Perilaku pelaksana",
    "sarana_prasarana": "Sarana dan prasarana",
    "lainnya": "Lainnya",
    "ringan": "Ringan",
    "sedang": "Sedang",
    "berat": "Berat",
    "maaf_lisan": "Permohonan maaf secara lisan",
    "maaf_tertulis": "Permohonan maaf secara tertulis",
    "penjelasan_klarifikasi": "Penjelasan dan klarifikasi",
    "pemberitahuan_ketidaksesuaian": "Pemberitahuan atas ketidaksesuaian pelayanan",
    "antar_hasil_layanan": "Hasil layanan diantar ke alamat pengguna",
    "prioritas_layanan": "Prioritas layanan tanpa antre",
    "cenderamata": "Cenderamata dari ruang pelayanan",
    "teguran": "Teguran",
    "pembinaan": "Pembinaan",
    "proses_disiplin": "Proses disiplin sesuai ketentuan",
    "lisan": "Lisan (di loket)",
    "tertulis": "Tertulis (formulir, surat, SP4N-LAPOR)",
    "tidak_sesuai_sop": "Tidak sesuai SOP",
    "tidak_sopan": "Petugas tidak sopan",
    "kekerasan_fisik": "Petugas melakukan kekerasan fisik",
    "jaringan": "Gangguan jaringan komunikasi data",
    "pimpinan": "Pimpinan",
}

# -- the scheduler -------------------------------------------------------------

CASE_ORIGINS = ("citizen", "officer", "system")  # who opened a case: a complaint, staff, or the platform
OPEN_REQUEST_STATUSES = ("received", "in_progress")  # a request whose clock runs (a paused one is "paused")
BREACH_KINDS = ("late",)  # a breach the platform detects itself: an open request past its due_at
NOTIFICATION_KINDS = ("deadline_warning", "compensation_overdue", "case_notice", "sanction_proposed",
                      "sanction_answered", "objection")
NOTIFICATION_CHANNELS = ("inbox", "case", "email")  # staff's inbox; the complainant's case or e-mail

# Why an officer may pause one request's clock (a closed list: no other reason stops it).
PAUSE_REASONS = ("berkas_belum_lengkap", "menunggu_pemohon", "menunggu_instansi_lain")
# Where a day off in a tenant's calendar comes from.
HOLIDAY_SOURCES = ("libur_nasional", "cuti_bersama", "libur_dinas")
LABELS.update({
    "berkas_belum_lengkap": "Berkas persyaratan belum lengkap",
    "menunggu_pemohon": "Menunggu tindakan/keterangan pemohon",
    "menunggu_instansi_lain": "Menunggu instansi lain",
    "libur_nasional": "Hari libur nasional",
    "cuti_bersama": "Cuti bersama",
    "libur_dinas": "Hari libur dinas (ditetapkan instansi)",
})

# The case workflow (core/casework/workflow.py draws the transitions between these; docs/workflow.md).
CASE_STATUSES = ("received", "verified", "tunda", "forwarded", "under_assessment", "upheld", "rejected", "closed",
                 "reopened", "held_kahar")
ASSESSMENTS = ("terbukti", "tidak_terbukti")  # penilaian pimpinan
# Ombudsman RI's forms of maladministration: the label of each upheld complaint.
MALADMINISTRATION = (
    "penundaan_berlarut",
    "tidak_memberikan_pelayanan",
    "penyimpangan_prosedur",
    "tidak_patut",
    "tidak_kompeten",
    "penyalahgunaan_wewenang",
    "permintaan_imbalan",
    "diskriminasi",
    "berpihak",
    "konflik_kepentingan",
)
STAFF_CATEGORIES = ("PNS", "PPPK", "honorer")

LABELS.update({
    "received": "Diterima",
    "verified": "Diverifikasi",
    "tunda": "Ditunda",
    "forwarded": "Diteruskan (bukan wewenang)",
    "under_assessment": "Menunggu penilaian pimpinan",
    "upheld": "Terbukti",
    "rejected": "Tidak terbukti",
    "closed": "Selesai",
    "reopened": "Dibuka kembali (keberatan)",
    "held_kahar": "Ditahan selama keadaan kahar",
    "terbukti": "Terbukti",
    "tidak_terbukti": "Tidak terbukti",
    "penundaan_berlarut": "Penundaan berlarut",
    "tidak_memberikan_pelayanan": "Tidak memberikan pelayanan",
    "penyimpangan_prosedur": "Penyimpangan prosedur",
    "tidak_patut": "Tidak patut",
    "tidak_kompeten": "Tidak kompeten",
    "penyalahgunaan_wewenang": "Penyalahgunaan wewenang",
    "permintaan_imbalan": "Permintaan imbalan uang, barang dan jasa",
    "diskriminasi": "Diskriminasi",
    "berpihak": "Berpihak",
    "konflik_kepentingan": "Konflik kepentingan",
    "PNS": "PNS",
    "PPPK": "PPPK",
    "honorer": "Tenaga honorer / non-ASN",
})

# The 14 components of a Standar Pelayanan as the regulation names them (public page, catalogue).
STANDARD_COMPONENT_LABELS = {
    "persyaratan": "Persyaratan",
    "sistem_mekanisme_prosedur": "Sistem, mekanisme dan prosedur",
    "jangka_waktu": "Jangka waktu pelayanan",
    "biaya_tarif": "Biaya/tarif",
    "produk_pelayanan": "Produk pelayanan",
    "penanganan_pengaduan": "Penanganan pengaduan, saran dan masukan",
    "dasar_hukum": "Dasar hukum",
    "sarana_prasarana": "Sarana dan prasarana",
    "kompetensi_pelaksana": "Kompetensi pelaksana",
    "pengawasan_internal": "Pengawasan internal",
    "jumlah_pelaksana": "Jumlah pelaksana",
    "jaminan_pelayanan": "Jaminan pelayanan",
    "jaminan_keamanan_keselamatan": "Jaminan keamanan dan keselamatan pelayanan",
    "evaluasi_kinerja": "Evaluasi kinerja pelaksana",
}
