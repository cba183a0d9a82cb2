"""The canonical codes of DOMAIN.md, in one place.

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
ROLES = ("petugas", "pimpinan", "admin_dinas", "admin_provinsi", "admin_platform")

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
