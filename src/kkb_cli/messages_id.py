"""Every word kkb shows a person, in Bahasa Indonesia: the same keys as ``messages.EN``."""

from __future__ import annotations

ID: dict[str, str] = {
    # -- help ------------------------------------------------------------------------------
    "help.app": (
        "Rencanakan, catat, dan laporkan Kampung KB (Kampung Keluarga Berkualitas) per kelurahan, "
        "dengan target tahunan dan cakupan seluruh kelurahan.\n\nKode keluar: 0 berhasil (hasil "
        "kosong juga berhasil), 1 ditolak (kelurahan tidak dikenal atau ambigu, sudah terbentuk, "
        "tanggal di masa depan atau sebelum 2016, file keluaran sudah ada, baris yang salah dalam "
        "impor, basis data terkunci, rusak, atau hanya-baca, masalah yang ditemukan oleh "
        "`kkb check`), 2 penggunaan salah (opsi tidak dikenal, tanggal tidak dapat dibaca), 3 "
        "kesalahan internal (bug di kkb: mohon laporkan)."
    ),
    "help.db": "File basis data. Bawaan: $KKB_DB, atau kkb.db di folder data pengguna Anda.",
    "help.version": "Tampilkan versi lalu keluar.",
    "help.lang": (
        "Bahasa pesan dan tabel: en atau id (Bahasa Indonesia). Bawaan: $KKB_LANG, atau id bila "
        "locale berbahasa Indonesia (LANG=id_ID…), atau en. Kunci JSON dan judul kolom CSV tidak "
        "pernah ikut berubah."
    ),
    "help.add": (
        "Catat atau rencanakan Kampung KB.\n\nMencatat Kampung KB yang terbentuk di suatu "
        "kelurahan (hari ini, pada --date, atau pada --year), atau dengan --planned YYYY, rencana "
        "pembentukannya. KELURAHAN adalah kode Kemendagri (33.75.03.1002) atau nama "
        "('kandangpanjang', 'Kel. Sokoduwet')."
    ),
    "help.add.kelurahan": "Kode atau nama kelurahan.",
    "help.add.year": "Tahun pembentukan, bila tanggal pastinya tidak diketahui.",
    "help.add.date": "Tanggal pembentukan (pencanangan): 2023-07-17, 17-07-2023, atau 17/07/2023.",
    "help.add.planned": (
        "Rencanakan Kampung KB untuk tahun yang diberikan, bukan mencatat pembentukannya "
        "(merencanakan ulang memindahkan tahunnya)."
    ),
    "help.add.name": "Nama Kampung KB.",
    "help.add.sk": "Nomor surat keputusan (SK) pembentukannya.",
    "help.add.note": "Catatan, misalnya sumber suatu data.",
    "help.progress": (
        "Tampilkan kemajuan terhadap target.\n\nTabel per tahun (target, terbentuk, kumulatif, "
        "cakupan seluruh kelurahan, direncanakan, status target), tabel per kecamatan, dan "
        "kesimpulan satu baris."
    ),
    "help.as_of": "Tampilkan keadaan pada tanggal ini (bawaan: hari ini).",
    "help.json": "Cetak JSON untuk skrip, bukan tabel.",
    "help.list": (
        "Daftar kelurahan beserta Kampung KB-nya.\n\nSatu baris per kelurahan di wilayah ini, "
        "termasuk yang belum memiliki Kampung KB."
    ),
    "help.list.status": "Hanya kelurahan dengan status ini.",
    "help.list.kecamatan": "Hanya kelurahan di kecamatan ini (nama atau kode).",
    "help.export": "Ekspor keadaan terkini untuk laporan.",
    "help.export.csv": (
        "Ekspor tabel sebagai CSV.\n\nUTF-8 dengan baris judul kolom, ke stdout atau (secara "
        "atomik) ke file. Teks yang akan dijalankan spreadsheet sebagai rumus diawali dengan '."
    ),
    "help.export.table": (
        "Tabel yang diekspor: satu baris per kelurahan (kampung), per tahun (progress), per "
        "kecamatan (areas), per atribut dan wilayah (attributes), atau per target (targets)."
    ),
    "help.export.output": "Tulis ke file ini (secara atomik), bukan ke stdout; - berarti stdout.",
    "help.export.force": "Timpa file keluaran bila sudah ada.",
    "help.export.headers": (
        "Nama judul kolom: en (nama tetap yang diandalkan skrip) atau id (bahasa Indonesia, "
        "misalnya tahun, tanggal); `kkb import csv` membaca keduanya."
    ),
    "help.info": "Tampilkan file basis data, versi skemanya, dan isinya.",
    "help.init": (
        "Buat basis data baru dari data awal.\n\nData awal adalah Kota Pekalongan keadaan 17 Juli "
        "2023. Dengan --no-records, basis data berisi wilayah dan target, tetapi tanpa data "
        "Kampung KB, agar kantor dapat mencatat datanya sendiri."
    ),
    "help.init.records": "Sertakan data Kampung KB dari data awal (keadaan 17 Juli 2023).",
    "help.edit": (
        "Koreksi data Kampung KB.\n\nHanya mengubah yang diberikan: --year atau --date (data "
        "menjadi atau tetap berstatus terbentuk), --planned (data kembali menjadi rencana, untuk "
        "pembentukan yang tercatat karena keliru), --name, --sk, --note (nilai kosong "
        "mengosongkan isiannya)."
    ),
    "help.edit.year": "Tahun pembentukan (tanggal tercatat yang berada di tahun lain dihapus).",
    "help.edit.planned": "Jadikan data ini kembali rencana untuk tahun tersebut.",
    "help.remove": (
        "Hapus data Kampung KB suatu kelurahan.\n\nMeminta konfirmasi lebih dulu di terminal; di "
        "luar terminal, --yes wajib. `kkb history` menyimpan nilai yang dihapus."
    ),
    "help.remove.yes": "Hapus tanpa bertanya.",
    "help.history": (
        "Tampilkan setiap perubahan data, yang terbaru lebih dulu.\n\nKapan, dengan perintah apa "
        "dan oleh pengguna sistem operasi siapa, serta nilai sebelum dan sesudahnya. Data awal, "
        "pembaruan dari kkb versi lama, serta setiap add, edit, remove, dan import dicatat dalam "
        "transaksi yang sama dengan perubahannya. Waktu ditampilkan dalam waktu setempat (--json: "
        "UTC)."
    ),
    "help.history.kelurahan": "Hanya perubahan pada kelurahan ini (kode atau nama).",
    "help.history.limit": "Jumlah perubahan terbanyak yang ditampilkan.",
    "help.backup": (
        "Tulis salinan basis data yang konsisten ke FILE.\n\nMemakai API backup daring SQLite, "
        "sehingga aman walaupun ada pihak lain yang sedang menulis; salinan diperiksa, lalu "
        "ditempatkan secara utuh."
    ),
    "help.backup.file": "Tempat menulis salinan.",
    "help.backup.force": "Timpa FILE bila sudah ada.",
    "help.check": (
        "Periksa basis data: pemeriksaan integritas SQLite, lalu aturan kkb sendiri.\n\nSetiap "
        "data milik kelurahan yang ada, data yang terbentuk memiliki tahun, tidak ada kelurahan "
        "dengan dua data, setiap wilayah memiliki wilayah induknya, dan riwayat berakhir pada "
        "data yang tersimpan. Keluar dengan kode 1 bila ada yang salah."
    ),
    "help.import": "Impor data dari file.",
    "help.import.csv": (
        "Impor data Kampung KB dari file CSV, semua atau tidak sama sekali.\n\nBaris judul "
        "menamai kolom, dalam bahasa Inggris atau Indonesia, huruf besar atau kecil: kelurahan "
        "atau desa (nama), kelurahan_code atau kode, kecamatan, status (formed/terbentuk, "
        "planned/rencana), year atau tahun, date atau tanggal, planned_year, name atau nama, sk "
        "atau no_sk, note atau catatan. Satu kolom per atribut (dashat, pokja, rumah_dataku… "
        "atau Dashat, Rumah DataKu…) berisi ya/yes, tidak/no, atau ? jika belum diketahui; sel "
        "kosong mempertahankan yang sudah diketahui. UTF-8 (dengan atau tanpa BOM), dipisahkan "
        "koma atau titik koma, seperti yang disimpan Excel dan LibreOffice; keluaran "
        "`kkb export csv` dapat diimpor apa adanya. Jika ada baris yang salah, tidak ada yang "
        "ditulis dan setiap baris yang salah ditampilkan."
    ),
    "help.import.file": "File CSV; - berarti membaca dari masukan standar.",
    "help.import.dry_run": "Periksa file dan tampilkan apa yang akan berubah, tanpa menulis.",
    "help.import.update": (
        "Ganti data yang sudah ada dengan baris dari file (jika tidak, baris yang akan mengubah "
        "data yang sudah ada ditolak). Kolom yang tidak ada di file tetap mempertahankan "
        "nilainya."
    ),
    "help.set": (
        "Catat apa yang dimiliki Kampung KB: Dashat, Pokja, SK Pokja, Sekretariat, Rumah DataKu, "
        "RKM, BKB, BKR, BKL, UPPKA, PIK-R.\n\nMasing-masing bernilai ya (yes), tidak (no), atau "
        "belum diketahui (?): yang belum diketahui tidak pernah dihitung sebagai tidak. Contoh: "
        "kkb set Krapyak dashat=yes pokja=ya rumah-dataku=tidak --date 2024-03-01."
    ),
    "help.set.assignments": "Pasangan ATTRIBUTE=VALUE, misalnya dashat=yes sk-pokja=no pik-r=?",
    "help.set.date": "Sejak kapan jawaban yang diberikan berlaku (bawaan: tanpa tanggal).",
    "help.list.missing": (
        "Hanya Kampung KB terbentuk yang tidak memiliki atribut ini (tidak, atau belum diketahui), "
        "misalnya --missing dashat."
    ),
    "help.progress.attribute": "Rinci juga atribut ini per kecamatan, misalnya dashat.",
    "help.export.json": (
        "Ekspor setiap tabel sebagai satu dokumen JSON, untuk skrip.\n\nKunci kampung, progress, "
        "areas, attributes, dan targets berisi baris yang sama, dengan kunci yang sama, seperti "
        "tabel CSV."
    ),
    "help.export.xlsx": (
        "Ekspor setiap tabel sebagai satu workbook Excel.\n\nSheet untuk data Kampung KB, kemajuan "
        "per tahun, cakupan per kecamatan, atribut, dan target: angka dan tanggal sungguhan, "
        "persentase berformat persen, judul kolom tebal yang dibekukan, dan autofilter. File "
        "ditulis di sebelah FILE lalu diganti namanya ke tempatnya, sehingga file itu utuh atau "
        "tidak ada sama sekali."
    ),
    "help.export.xlsx_output": "Workbook yang ditulis (.xlsx).",
    "help.target": "Tetapkan, tampilkan, dan hapus target kantor.",
    "help.target.set": (
        "Tetapkan target untuk suatu tahun.\n\nTanpa --attribute: berapa Kampung KB yang dibentuk "
        "pada YEAR. Dengan --attribute: berapa (atau berapa persen) Kampung KB terbentuk yang "
        "harus memilikinya pada akhir YEAR, misalnya `kkb target set 2025 100% --attribute "
        "dashat`. Dengan --kecamatan, target berlaku untuk kecamatan itu, dan tidak dapat melebihi "
        "jumlah kelurahannya. Menetapkan target lagi akan menggantinya."
    ),
    "help.target.list": (
        "Tampilkan setiap target beserta yang sudah tercapai dan yang masih kurang."
    ),
    "help.target.remove": "Hapus target.",
    "help.target.year": "Tahun target.",
    "help.target.amount": "Suatu angka (8), atau dengan --attribute suatu persentase (100%).",
    "help.target.kecamatan": "Kecamatan pemilik target (bawaan: seluruh kota).",
    "help.target.attribute": (
        "Hitung atribut ini (misalnya dashat) di antara Kampung KB terbentuk, bukan pembentukan."
    ),
    # -- errors ----------------------------------------------------------------------------
    "error.empty_name": "Masukkan nama atau kode {what}, misalnya {name} atau {code}.",
    "error.unknown_name_suggest": (
        "Tidak ada {what} bernama '{query}'. Apakah maksud Anda {suggestions}? Ketik namanya "
        "persis seperti itu, atau gunakan kodenya (`kkb list` menampilkan semuanya)."
    ),
    "error.unknown_name": (
        "Tidak ada {what} bernama '{query}': periksa ejaannya, atau gunakan kodenya (`kkb list` "
        "menampilkan setiap kelurahan beserta kodenya)."
    ),
    "error.village_elsewhere": (
        "'{query}' tidak berada di kecamatan {kecamatan}, tetapi di {places}: perbaiki kelurahan "
        "atau kecamatannya."
    ),
    "error.unknown_name_choices": (
        "Tidak ada {what} bernama '{query}'. Daftar {what} di sini: {choices}."
    ),
    "error.undotted_code": (
        "'{query}' bukan kode Kemendagri: tulis dengan titik, misalnya 33.75.03.1002 (kode "
        "statistik BPS adalah sistem lain dan tidak diterima)."
    ),
    "error.malformed_code": (
        "'{query}' bukan kode Kemendagri: bentuknya seperti 33.75.03 (kecamatan) atau "
        "33.75.03.1002."
    ),
    "error.code_wrong_level": (
        "{query} adalah kode {level}, bukan kode {what}; kode {what} bentuknya seperti {example}."
    ),
    "error.unknown_code": (
        "Tidak ada {what} dengan kode {query} di sini: periksa kodenya (`kkb list` menampilkan "
        "setiap kelurahan beserta kodenya)."
    ),
    "error.unknown_code_choices": (
        "Tidak ada {what} dengan kode {query} di sini. Daftar {what} di sini: {choices}."
    ),
    "error.year_format": "'{text}' bukan tahun: tulis dengan empat angka, misalnya 2024.",
    "error.date_format": (
        "'{text}' bukan tanggal: tulis seperti 2023-07-17, 17-07-2023, atau 17/07/2023 (tanggal "
        "lebih dulu, lalu bulan)."
    ),
    "error.date_impossible": "'{text}' bukan tanggal yang sah: periksa tanggal dan bulannya.",
    "error.before_programme": (
        "{when} berada sebelum tahun {first}, saat program Kampung KB dimulai: periksa tahunnya."
    ),
    "error.future": (
        "{when} berada di masa depan (hari ini {today}): untuk mencatat rencana, gunakan "
        "--planned YEAR (dalam impor: status planned, atau rencana)."
    ),
    "error.plan_too_far": (
        "Rencana untuk tahun {year} terlalu jauh ke depan (paling lambat {limit}): periksa "
        "tahunnya."
    ),
    "error.as_of_future": (
        "--as-of {day} berada di masa depan (hari ini {today}): berikan tanggal yang sudah lewat."
    ),
    "error.year_date_disagree": (
        "Tahun {year} dan tanggal {day} tidak cocok: berikan salah satu saja, atau samakan "
        "keduanya."
    ),
    "error.planned_with_formation": (
        "--planned tidak dapat dipakai bersama --year atau --date: Kampung KB berstatus "
        "direncanakan atau terbentuk, tidak keduanya."
    ),
    "error.already_formed": (
        "{village} ({code}) sudah memiliki Kampung KB, terbentuk pada tahun {year}, sehingga "
        "tidak ada yang diubah. Satu kelurahan memiliki satu Kampung KB: periksa namanya, atau "
        "koreksi datanya dengan `kkb edit`."
    ),
    "error.no_record": (
        "{village} ({code}) belum memiliki data Kampung KB, sehingga tidak ada yang diubah: catat "
        "dengan `kkb add`."
    ),
    "error.edit_nothing": (
        "Tidak ada yang diubah: berikan paling sedikit satu dari --year, --date, --planned, "
        "--name, --sk, --note."
    ),
    "error.remove_needs_yes": (
        "Penghapusan data {village} ({code}) memerlukan konfirmasi: tambahkan --yes untuk "
        "menghapusnya tanpa terminal."
    ),
    "error.backup_is_database": (
        "{path} adalah basis data itu sendiri: berikan nama file lain untuk cadangan."
    ),
    "error.backup_failed": (
        "Tidak dapat menulis cadangan {path} ({detail}), sehingga tidak ada yang diubah: periksa "
        "foldernya, atau pilih tempat lain."
    ),
    "error.backup_bad": (
        "Salinan yang ditulis ke {path} tidak lolos pemeriksaan SQLite ({detail}), sehingga tidak "
        "disimpan: basis data mungkin rusak; jalankan `kkb check` untuk memeriksanya."
    ),
    "error.attribute_unknown": (
        "'{name}' bukan atribut yang dikenal kkb: gunakan salah satu dari {known}."
    ),
    "error.answer_unknown": (
        "'{value}' bukan jawaban: gunakan ya (yes), tidak (no), atau ? untuk belum diketahui."
    ),
    "error.assignment_form": (
        "'{text}' bukan ATTRIBUTE=VALUE: tulis seperti dashat=yes atau pokja=tidak."
    ),
    "error.attribute_twice": (
        "{attribute} diberikan dua kali dengan jawaban berbeda: berikan sekali saja."
    ),
    "error.attribute_date_future": (
        "--date {day} berada di masa depan (hari ini {today}): berikan tanggal saat hal itu mulai "
        "berlaku."
    ),
    "error.target_amount": (
        "'{text}' bukan target: berikan bilangan bulat mulai 1 (8) atau, dengan --attribute, "
        "persentase di atas 0% dan paling banyak 100%."
    ),
    "error.target_too_far": (
        "Target untuk tahun {year} terlalu jauh ke depan (paling lambat {limit}): periksa tahunnya."
    ),
    "error.target_percent_formed": (
        "Target pembentukan adalah jumlah Kampung KB yang dibentuk pada tahun itu, bukan "
        "persentase: berikan angka, atau tambahkan --attribute untuk bagian dari Kampung KB "
        "terbentuk."
    ),
    "error.target_too_few_left": (
        "{region} hanya memiliki {left} kelurahan tanpa Kampung KB pada awal tahun {year}, "
        "sehingga target {count} pembentukan tidak mungkin tercapai: berikan paling banyak "
        "{left}."
    ),
    "error.no_target": (
        "{region} tidak memiliki target {subject} untuk tahun {year}, sehingga tidak ada yang "
        "dihapus: `kkb target list` menampilkan daftar target."
    ),
    "error.db_bad_record": (
        "Basis data berisi data yang tidak dapat dibaca kkb (kelurahan {code}: {detail}); data "
        "itu dibiarkan apa adanya. Jalankan `kkb check` untuk melihat kesalahannya, lalu perbaiki "
        "atau pulihkan dari cadangan."
    ),
    "error.db_missing": (
        "Tidak ada basis data di {path}: periksa lokasinya (--db atau KKB_DB), atau buat dengan "
        "`kkb init` (`kkb init --no-records` untuk data kantor sendiri)."
    ),
    "error.upgrade_unwritable": (
        "{path} ditulis oleh kkb versi lama (versi skema {version}) dan harus diperbarui satu "
        "kali, yang memerlukan izin tulis pada file dan foldernya (cadangan disimpan di "
        "sebelahnya); tidak ada yang diubah. Mintalah izin tulis, atau salin file ke tempat yang "
        "dapat ditulisi lalu gunakan --db."
    ),
    "error.upgrade_no_backup": (
        "{path} ditulis oleh kkb versi lama dan harus diperbarui, tetapi cadangannya tidak dapat "
        "disimpan lebih dulu ({detail}), sehingga file dibiarkan apa adanya: periksa disk, atau "
        "pulihkan file dari cadangan bila rusak."
    ),
    "error.remove_changed": (
        "Data {village} ({code}) diubah oleh orang lain saat Anda dimintai konfirmasi, sehingga "
        "tidak ada yang dihapus: periksa dengan `kkb history {code}` lalu jalankan perintahnya "
        "lagi."
    ),
    "error.import_code_name_disagree": (
        "Kode {code} adalah {village}, bukan '{given}': perbaiki kode atau namanya."
    ),
    "error.import_code_kecamatan_disagree": (
        "{village} ({code}) terletak di kecamatan {kecamatan}, bukan '{given}': perbaiki kode "
        "atau kecamatannya."
    ),
    "error.import_no_record_to_update": (
        "{village} ({code}) belum memiliki data Kampung KB untuk ditambahi rincian ini: cantumkan "
        "juga status dan tahunnya."
    ),
    "error.check_failed": (
        "Ditemukan {count} masalah di {path}: pulihkan dari cadangan (dibuat dengan "
        "`kkb backup`), atau laporkan hal ini bila hanya kkb yang menulis file tersebut."
    ),
    "error.import_missing": "Tidak ada file {path}: periksa nama dan foldernya.",
    "error.import_folder": "{path} adalah folder: berikan file CSV di dalamnya.",
    "error.import_unreadable": (
        "Tidak dapat membaca {path} ({detail}): periksa apakah Anda berhak membacanya."
    ),
    "error.import_binary": (
        "{path} bukan file teks CSV (berisi data biner): di Excel atau LibreOffice, simpan "
        "sebagai 'CSV UTF-8' lalu impor file itu."
    ),
    "error.import_not_utf8": (
        "{path} bukan teks UTF-8 (baris {line}): saat menyimpan, pilih 'CSV UTF-8 (Comma "
        "delimited)' di Excel, atau set karakter 'Unicode (UTF-8)' di LibreOffice."
    ),
    "error.import_empty": (
        "{path} kosong: file memerlukan baris judul (misalnya kelurahan,status,tahun) dan satu "
        "baris per Kampung KB."
    ),
    "error.import_malformed": (
        "{path} tidak dapat dibaca sebagai CSV pada baris {line} ({detail}): file mungkin "
        "terpotong atau ada tanda kutip yang tidak ditutup; simpan ulang dari spreadsheet."
    ),
    "error.import_unknown_columns": (
        "Kolom {columns} tidak dikenal, sehingga tidak ada yang diimpor: ganti nama atau hapus "
        "kolom tersebut. Kolom yang dikenal: kelurahan atau desa, kode, kecamatan, status, tahun "
        "atau year, tanggal atau date, tahun_rencana atau planned_year, nama atau name, no_sk "
        "atau sk_number, catatan atau note, dan satu per atribut (dashat, pokja, rumah_dataku…; "
        "`kkb import csv --help`)."
    ),
    "error.import_repeated_column": (
        "Dua kolom bermakna sama ('{column}' mengulang kolom lain), sehingga tidak ada yang "
        "diimpor: pertahankan salah satunya."
    ),
    "error.import_no_village_column": (
        "File tidak memiliki kolom kelurahan, sehingga tidak ada yang diimpor: tambahkan kolom "
        "bernama kelurahan, desa, atau kode (berisi nama atau kode Kemendagri)."
    ),
    "error.import_refused": (
        "{path}: {refused} dari {rows} baris ditolak, sehingga tidak ada yang diimpor. Perbaiki "
        "baris di bawah ini lalu impor lagi:"
    ),
    "error.import_row_width": (
        "{cells} sel, padahal baris judul memiliki {width}: file mungkin terpotong, atau ada "
        "pemisah yang kurang atau berlebih di baris ini."
    ),
    "error.import_repeated_village": (
        "{village} sudah ada di baris {first}: pertahankan salah satu dari kedua baris itu."
    ),
    "error.import_would_remove": (
        "{village} ({code}) memiliki data Kampung KB, tetapi baris ini menyatakan belum ada; "
        "impor tidak pernah menghapus data: gunakan `kkb remove`."
    ),
    "error.import_conflict": (
        "{village} ({code}) sudah memiliki data ({status} {year}) yang akan diubah oleh baris "
        "ini: tambahkan --update untuk menggantinya, atau hapus baris tersebut."
    ),
    "error.import_no_status": (
        "Tidak ada status, tahun, tanggal, atau tahun rencana: nyatakan apa yang dicatat baris ini."
    ),
    "error.import_formed_no_year": "Kampung KB yang terbentuk memerlukan tahun atau tanggal.",
    "error.import_bad_answer": (
        "{column}: '{value}' bukan jawaban: gunakan ya (yes), tidak (no), atau ? jika belum "
        "diketahui."
    ),
    "error.import_planned_no_year": "Kampung KB yang direncanakan memerlukan tahun rencananya.",
    "error.import_planned_with_date": (
        "Kampung KB yang direncanakan tidak memiliki tanggal pembentukan: kosongkan tanggalnya, "
        "atau ubah statusnya menjadi terbentuk."
    ),
    "error.import_plan_years_disagree": (
        "Tahun ({year}) dan tahun rencana ({planned}) dari rencana ini tidak cocok."
    ),
    "error.import_bad_status": (
        "'{value}' bukan status: gunakan terbentuk (formed), rencana (planned), atau belum (none)."
    ),
    "error.plan_already_formed": (
        "{village} ({code}) sudah memiliki Kampung KB, terbentuk pada tahun {year}, sehingga "
        "tidak perlu rencana; tidak ada yang diubah."
    ),
    "error.db_locked": (
        "Basis data {path} sedang sibuk: program lain telah memakainya lebih dari {seconds} "
        "detik, sehingga tidak ada yang diubah. Coba lagi sebentar lagi, atau tutup program lain "
        "itu (KKB_BUSY_TIMEOUT menentukan berapa detik menunggu)."
    ),
    "error.db_corrupt": (
        "{path} bukan basis data kkb yang dapat dibaca (file rusak, atau bukan SQLite); file "
        "dibiarkan apa adanya. Pulihkan dari cadangan, atau pilih file lain dengan --db."
    ),
    "error.db_readonly": (
        "Basis data {path} hanya dapat dibaca, sehingga tidak ada yang diubah. Mintalah izin "
        "tulis, atau salin ke tempat yang dapat ditulisi lalu gunakan --db."
    ),
    "error.db_cannot_open": (
        "Tidak dapat membuka basis data {path}: periksa apakah Anda berhak membaca dan menulis "
        "file tersebut beserta foldernya, atau pilih file lain dengan --db."
    ),
    "error.db_io": (
        "Disk atau folder jaringan menolak membaca atau menulis {path}, sehingga tidak ada yang "
        "diubah: periksa sambungan ke drive lalu coba lagi."
    ),
    "error.db_full": (
        "Disk tempat {path} berada sudah penuh, sehingga tidak ada yang diubah: kosongkan "
        "sebagian ruang lalu coba lagi."
    ),
    "error.db_is_folder": (
        "{path} adalah folder, bukan file basis data: berikan lokasi file dengan --db atau "
        "KKB_DB, misalnya {path}/kkb.db."
    ),
    "error.db_no_folder": (
        "Folder {folder} tidak ada: buat dulu, atau berikan lokasi lain dengan --db atau KKB_DB."
    ),
    "error.app_dir": (
        "Tidak dapat membuat folder {folder} untuk basis data ({detail}): tempatkan file basis "
        "data di lokasi lain dengan --db atau KKB_DB."
    ),
    "error.db_unreadable": (
        "Anda tidak berhak membaca {path}: mintalah akses, atau pilih file lain dengan --db."
    ),
    "error.db_too_new": (
        "{path} ditulis oleh kkb versi lebih baru (versi skema {version}; kkb ini hanya mengenal "
        "sampai {supported}), sehingga tidak disentuh: perbarui kkb untuk memakainya."
    ),
    "error.db_not_kkb": (
        "{path} adalah basis data SQLite, tetapi bukan basis data kkb, sehingga tidak disentuh: "
        "pilih file lain dengan --db."
    ),
    "error.db_exists": (
        "Basis data sudah ada di {path}, sehingga tidak disentuh: pilih lokasi lain dengan --db, "
        "atau pindahkan file itu lebih dulu."
    ),
    "error.output_exists": (
        "{path} sudah ada, sehingga tidak disentuh: tambahkan --force untuk menimpanya, atau "
        "pilih nama file lain."
    ),
    "error.output_no_folder": "Folder {folder} tidak ada: buat dulu, atau pilih nama file lain.",
    "error.output_is_folder": "{path} adalah folder: berikan nama file.",
    "error.output_not_file": (
        "{path} bukan file biasa (melainkan perangkat atau pipe), sehingga tidak disentuh: "
        "berikan nama file."
    ),
    "error.output_unwritable": "Tidak dapat menulis {path} ({detail}): pilih nama file lain.",
    "error.os": "{detail}{where}: periksa disk, lokasi file, dan izin akses Anda.",
    "error.internal": (
        "kkb gagal secara tak terduga ({kind}: {detail}). Perubahannya tersimpan seluruhnya atau "
        "tidak sama sekali: `kkb list` menunjukkan yang mana. Ini adalah bug: mohon laporkan "
        "beserta perintah yang Anda jalankan (KKB_DEBUG=1 menampilkan rinciannya)."
    ),
    "error.bad_timeout": (
        "KKB_BUSY_TIMEOUT harus berupa jumlah detik dari 0 sampai {limit:g}, bukan '{value}': "
        "perbaiki atau hapus pengaturannya."
    ),
    # -- confirmations ---------------------------------------------------------------------
    "done.formed": (
        "Kampung KB {village} ({code}, {kecamatan}) tercatat, terbentuk {when}. Cakupan: {coverage}"
    ),
    "done.plan_formed": (
        "Kampung KB {village} ({code}, {kecamatan}) tercatat, terbentuk {when} (direncanakan "
        "untuk tahun {planned}). Cakupan: {coverage}"
    ),
    "done.planned": (
        "Kampung KB untuk {village} ({code}, {kecamatan}) direncanakan pada tahun {year}. "
        "Cakupan: {coverage}"
    ),
    "done.plan_moved": (
        "Rencana untuk {village} ({code}, {kecamatan}) dipindahkan dari tahun {old} ke tahun "
        "{year}. Cakupan: {coverage}"
    ),
    "done.plan_kept": (
        "{village} ({code}, {kecamatan}) tetap direncanakan untuk tahun {year}. Cakupan: {coverage}"
    ),
    "done.plan_details": (
        "Rencana untuk {village} ({code}, {kecamatan}) tahun {year} diperbarui. Cakupan: {coverage}"
    ),
    "done.init": (
        "{path} dibuat: {villages} {noun}, {formed} Kampung KB terbentuk dan {planned} "
        "direncanakan."
    ),
    "done.created": (
        "Basis data baru dibuat di {path} dari data awal (Kota Pekalongan keadaan 17 Juli 2023); "
        "`kkb info` menunjukkan lokasinya."
    ),
    "done.export": "{rows} baris ditulis ke {path}.",
    "done.export_json": "{path} ditulis.",
    "done.export_xlsx": "{path} ditulis ({sheets} sheet).",
    "done.set": "Kampung KB {village} ({code}) diperbarui: {change}.",
    "done.target_set": "Target ditetapkan: {target}.",
    "done.target_replaced": "Target diganti: {old} → {target}.",
    "done.target_removed": "Target dihapus: {target}.",
    "target.formed": "{count} Kampung KB terbentuk di {region} pada tahun {year}",
    "target.attribute": (
        "{attribute} pada {amount} Kampung KB terbentuk di {region} paling lambat tahun {year}"
    ),
    "target.count": "{count} target",
    "field.status": "status",
    "field.formed_year": "tahun terbentuk",
    "field.formed_date": "tanggal terbentuk",
    "field.planned_year": "tahun rencana",
    "field.name": "nama",
    "field.sk_number": "no. SK",
    "field.note": "catatan",
    "target.subject_formed": "pembentukan",
    "target.count_one": "1 target",
    "target.empty": "Belum ada target: tetapkan dengan `kkb target set YEAR COUNT`.",
    "answer.yes": "ya",
    "answer.no": "tidak",
    "done.upgraded": (
        "{path} diperbarui dari versi skema {old} ke {new}; file semula disimpan sebagai {backup}."
    ),
    "done.edited": (
        "Kampung KB {village} ({code}, {kecamatan}) diperbarui: {change}. Cakupan: {coverage}"
    ),
    "done.edit_unchanged": "Data {village} ({code}) sudah seperti itu; tidak ada yang diubah.",
    "done.removed": (
        "Data Kampung KB {village} ({code}, {kecamatan}) dihapus (sebelumnya: {was}); "
        "`kkb history` menyimpan nilainya. Cakupan: {coverage}"
    ),
    "done.remove_declined": "Tidak ada yang dihapus.",
    "confirm.remove": "Hapus data Kampung KB {village} ({code}): {was}?",
    "done.backup": (
        "{path} dicadangkan ke {backup}: {records} data Kampung KB, {history} entri riwayat."
    ),
    "done.check": (
        "{path}: tidak ditemukan masalah ({records} data Kampung KB, {history} entri riwayat, "
        "{regions} wilayah)."
    ),
    "done.import": (
        "{path} diimpor: {added} ditambahkan, {updated} diperbarui, {unchanged} tidak berubah, 0 "
        "ditolak."
    ),
    "done.import_dry_run": (
        "Uji coba {path}: {added} akan ditambahkan, {updated} diperbarui, {unchanged} tidak "
        "berubah, 0 ditolak; tidak ada yang ditulis."
    ),
    "import.progress": "Memeriksa baris",
    "import.stdin": "masukan standar",
    "import.line_add": "baris {line}: tambah {village} ({code}): {change}",
    "import.line_update": "baris {line}: perbarui {village} ({code}): {change}",
    "import.line_problem": "baris {line}: {message}",
    # -- history ---------------------------------------------------------------------------
    "history.added": "ditambahkan, {values}",
    "history.removed": "dihapus (sebelumnya {values})",
    "history.field": "{field} {old} → {new}",
    "history.formed": "terbentuk {when}",
    "history.planned": "direncanakan untuk tahun {year}",
    "history.empty": "Tidak ada perubahan yang tercatat.",
    "history.count": "{count} perubahan",
    "history.count_one": "1 perubahan",
    "col.when": "Waktu",
    "col.command": "Perintah",
    "col.user": "Pengguna",
    "col.change": "Perubahan",
    # -- check -----------------------------------------------------------------------------
    "check.integrity": "Pemeriksaan integritas SQLite: {detail}",
    "check.foreign_key": (
        "Satu baris {table} (rowid {rowid}) merujuk ke baris {parent} yang tidak ada."
    ),
    "check.record_not_village": "{count} data untuk kode yang bukan desa/kelurahan: {codes}",
    "check.record_status": "{count} data dengan status tidak dikenal: {codes}",
    "check.formed_year_range": (
        "{count} data terbentuk atau direncanakan sebelum 2016, atau terbentuk pada tahun yang "
        "akan datang: {codes}"
    ),
    "check.formed_without_year": "{count} data terbentuk tanpa tahun: {codes}",
    "check.planned_without_year": (
        "{count} data rencana tanpa tahun rencana, atau dengan data pembentukan: {codes}"
    ),
    "check.date_year": (
        "{count} data yang tanggal pembentukannya bukan tanggal yang sah pada tahunnya: {codes}"
    ),
    "check.two_records": "{count} kelurahan dengan dua data: {codes}",
    "check.region_parent": (
        "{count} wilayah yang induknya tidak ada atau bukan kode satu tingkat di atasnya: {codes}"
    ),
    "check.region_level": "{count} wilayah yang tingkatnya tidak sesuai dengan kodenya: {codes}",
    "check.target_region": "{count} target untuk wilayah yang tidak ada: {codes}",
    "check.journal_wal": (
        "File dalam mode jurnal WAL, yang tidak aman di drive jaringan bersama: kembalikan dengan "
        "`sqlite3 FILE 'PRAGMA journal_mode=DELETE'`."
    ),
    "check.history_missing": "Tabel riwayat tidak ada.",
    # -- progress --------------------------------------------------------------------------
    "verdict.coverage": "{formed} dari {total} {noun} ({pct}%) memiliki Kampung KB",
    "verdict.complete": "Seluruh {total} {noun} sudah memiliki Kampung KB (100%).",
    "verdict.planned_first": "{count} direncanakan untuk tahun {year}",
    "verdict.planned_more": "{count} untuk tahun {year}",
    "verdict.missed": (
        "Target tahun {year} sebanyak {target} tidak tercapai: {formed} terbentuk pada tahun itu."
    ),
    "verdict.missed_overdue": (
        "Target tahun {year} sebanyak {target} tidak tercapai: {formed} terbentuk pada tahun itu, "
        "{overdue} masih berupa rencana."
    ),
    "verdict.current": "Target tahun {year}: sejauh ini {formed} dari {target} terbentuk.",
    "verdict.upcoming": "Target berikutnya: {target} pada tahun {year}.",
    "progress.title_years": "{scope}: Kampung KB per tahun, keadaan {date}",
    "progress.title_attributes": "Atribut Kampung KB yang terbentuk",
    "progress.title_targets": "Target",
    "progress.no_attributes": (
        "Belum ada atribut (Dashat, Pokja…) yang diisi: `kkb set KELURAHAN dashat=ya` mencatatnya."
    ),
    "col.year": "Tahun",
    "col.attribute": "Atribut",
    "col.yes": "Ya",
    "col.no": "Tidak",
    "col.unknown": "Tak diketahui",
    "col.has_pct": "Ya %",
    "col.lacks_pct": "Tidak %",
    "col.unknown_pct": "Tak diketahui %",
    "col.wanted": "Ditargetkan",
    "col.achieved": "Tercapai",
    "col.needed": "Kurang",
    "col.target": "Target",
    "col.formed": "Terbentuk",
    "col.cumulative": "Kumulatif",
    "col.coverage": "Cakupan",
    "col.planned": "Direncanakan",
    "col.target_status": "Status",
    "col.kecamatan": "Kecamatan",
    "col.villages": "{noun}",
    "col.none": "Belum ada",
    "col.code": "Kode",
    "col.kelurahan": "Kelurahan",
    "col.status": "Status",
    "col.date": "Tanggal",
    "col.name": "Nama",
    "status.met": "tercapai",
    "status.in_progress": "berjalan",
    "status.missed": "tidak tercapai",
    "status.upcoming": "akan datang",
    "status.formed": "terbentuk",
    "status.planned": "direncanakan",
    "status.none": "belum ada",
    "list.empty": "Tidak ada kelurahan yang cocok.",
    "list.count": "{count} {noun}",
    # -- info ------------------------------------------------------------------------------
    "info.path": "Basis data",
    "info.version": "Versi skema",
    "info.journal": "Mode jurnal",
    "info.scope": "Lingkup",
    "info.regions": "Wilayah",
    "info.regions_value": (
        "{provinsi} provinsi, {kabupaten_kota} kabupaten/kota, {kecamatan} kecamatan, "
        "{desa_kelurahan} desa/kelurahan"
    ),
    "info.records": "Kampung KB",
    "info.records_value": "{formed} terbentuk, {planned} direncanakan",
    "info.targets": "Target",
    "info.history": "Entri riwayat",
    "info.kkb": "kkb",
    "help.scope": (
        "Bekerja di wilayah ini, bukan di cakupan basis data: kode provinsi, kabupaten/kota atau "
        "kecamatan (33, 33.75, 33.75.03), atau ID untuk seluruh Indonesia."
    ),
    "error.scope_unknown": (
        "Tidak ada wilayah {code} di basis data ini: `kkb region list` menampilkan wilayah yang "
        "dimuat, dan `kkb region import FILE` memuat wilayah lain."
    ),
    "error.scope_malformed": (
        "'{code}' bukan cakupan: berikan kode Kemendagri provinsi, kabupaten/kota atau kecamatan "
        "(33, 33.75, 33.75.03), atau ID untuk seluruh Indonesia."
    ),
    "error.scope_village": (
        "{code} adalah desa/kelurahan, sedangkan cakupan berupa kecamatan, kabupaten/kota, "
        "provinsi atau ID: berikan kode kecamatannya."
    ),
    "help.target.region": (
        "Wilayah pemilik target, pada tingkat mana pun di dalam cakupan (nama atau kode)."
    ),
    "error.ambiguous_name": (
        "'{query}' cocok dengan beberapa {what}: {candidates}. Ketik nama lebih lengkap, berikan "
        "kodenya, atau persempit cakupan dengan --scope."
    ),
    "level.provinsi": "provinsi",
    "level.kabupaten_kota": "kabupaten/kota",
    "level.kecamatan": "kecamatan",
    "level.desa_kelurahan": "desa/kelurahan",
    "progress.title_areas": "Per {level}",
    "progress.title_area_attribute": "{attribute} per {level}",
    "help.check.recount": (
        "Hitung ulang dulu jumlah yang disimpan untuk laporan cepat (setelah program lain "
        "mengubah catatan), dalam satu transaksi."
    ),
    "check.counts_stale": (
        "Jumlah yang disimpan untuk laporan cepat ({table}) tidak cocok dengan catatan: program "
        "lain mengubah berkas. `kkb check --recount` menghitungnya ulang."
    ),
    "help.region": "Muat daftar kode wilayah Kemendagri dan telusuri wilayah yang sudah dimuat.",
    "help.region.import": (
        "Muat daftar kode wilayah Kemendagri dari file CSV.\n\nBaris judul memuat kolom kode "
        "dan nama (kode,nama atau code,name), boleh ditambah tingkat dan kode_induk (level, "
        "parent_code); kolom lain diabaikan. Setiap baris diperiksa, setiap baris yang salah "
        "dilaporkan beserta nomor barisnya, dan file dimuat seluruhnya atau tidak sama sekali. "
        "Memuat daftar yang lebih baru mengganti nama, menambah, dan menghapus wilayah yang "
        "tidak tercantum di bawah kabupaten/kota dan kecamatan yang dicantumkannya; wilayah "
        "lain tidak disentuh. Wilayah yang dirujuk oleh data Kampung KB, target atau cakupan "
        "tidak pernah dihapus: wilayah itu dipertahankan dan dilaporkan."
    ),
    "help.region.list": (
        "Tampilkan wilayah tepat di bawah suatu wilayah.\n\nMasing-masing dengan jumlah "
        "wilayah di setiap tingkat di bawahnya: untuk Indonesia, setiap provinsi dengan jumlah "
        "kabupaten/kota, kecamatan dan desa/kelurahannya; untuk kecamatan, desa/kelurahannya "
        "beserta jenisnya (desa atau kelurahan)."
    ),
    "help.region.code": (
        "Wilayahnya: ID untuk seluruh Indonesia (bawaan), atau kode Kemendagri (33, 33.75, "
        "33.75.03)."
    ),
    "help.scope_app": (
        "Tampilkan atau atur cakupan: wilayah tempat perintah bekerja bila --scope tidak diberikan."
    ),
    "help.scope_app.set": "Atur cakupan basis data ini, dan sebutkan jumlah desa/kelurahannya.",
    "help.scope_app.code": (
        "Kode provinsi, kabupaten/kota atau kecamatan (33, 33.75, 33.75.03), atau ID untuk "
        "seluruh Indonesia."
    ),
    "help.scope_app.show": "Tampilkan cakupan basis data ini dan jumlah desa/kelurahannya.",
    "error.region_no_columns": (
        "File memerlukan kolom kode dan kolom nama (kode,nama atau code,name; boleh ditambah "
        "tingkat dan kode_induk, atau level dan parent_code), jadi tidak ada wilayah yang "
        "dimuat."
    ),
    "error.region_refused": (
        "{path}: {refused} dari {rows} baris salah, jadi tidak ada wilayah yang dimuat. "
        "Perbaiki baris berikut lalu muat file itu lagi:"
    ),
    "error.region_no_code": "Tidak ada kode: setiap baris memerlukan kode Kemendagri wilayahnya.",
    "error.region_code": (
        "'{code}' bukan kode wilayah Kemendagri: tulis PP, PP.KK, PP.KK.CC atau PP.KK.CC.VVVV "
        "dengan angka (33, 33.75, 33.75.03, 33.75.03.1002)."
    ),
    "error.region_village_kind": (
        "{code}: bagian terakhir kode desa/kelurahan diawali 1 (kelurahan), 2 (desa) atau 3 "
        "(desa adat), bukan {digit}."
    ),
    "error.region_no_name": "{code} tidak bernama.",
    "error.region_level_unknown": (
        "'{given}' bukan tingkat wilayah: tulis provinsi, kabupaten_kota (atau kabupaten, "
        "kota), kecamatan atau desa_kelurahan (atau desa, kelurahan), atau kosongkan."
    ),
    "error.region_level_disagrees": (
        "Tingkatnya tertulis {given}, padahal {code} adalah kode {level}."
    ),
    "error.region_parent_disagrees": (
        "Kode induknya tertulis {given}, padahal {code} terletak di {parent}: induk suatu "
        "wilayah adalah kodenya tanpa bagian terakhir."
    ),
    "error.region_provinsi_parent": (
        "{code} adalah provinsi, yang tidak berinduk, tetapi kode induknya tertulis {given}: "
        "kosongkan."
    ),
    "error.region_repeated": (
        "{code} sudah ada di baris {first}: simpan salah satu dari kedua baris itu."
    ),
    "error.region_parent_missing": (
        "{code} terletak di {parent}, yang tidak ada di file maupun di basis data: tambahkan "
        "baris untuk {parent}."
    ),
    "error.region_parent_left_out": (
        "{code} terletak di kecamatan {parent}, yang tidak dicantumkan file padahal file "
        "mencantumkan {kabupaten} (sehingga memuatnya akan menghapus {parent}): tambahkan "
        "baris untuk {parent}."
    ),
    "error.region_malformed": (
        "'{code}' bukan wilayah: berikan ID untuk seluruh Indonesia, atau kode Kemendagri (33, "
        "33.75, 33.75.03)."
    ),
    "error.region_unknown": (
        "Tidak ada wilayah {code} di basis data ini: `kkb region list` menampilkan wilayah "
        "yang dimuat, dan `kkb region import FILE` memuat wilayah lain."
    ),
    "region.line_add": "tambah {code} {name} ({level})",
    "region.line_rename": "ganti nama {code} {old} → {name}",
    "region.line_remove": "hapus {code} {name} ({level})",
    "region.kept": (
        "{code} {name} ({level}) dipertahankan, meskipun tidak tercantum di file: {why}."
    ),
    "region.kept_record": "ada data Kampung KB untuknya",
    "region.kept_target": "ada target untuknya",
    "region.kept_scope": "wilayah ini adalah cakupan basis data (ubah dengan `kkb scope set`)",
    "region.kept_inside": "di dalamnya ada wilayah yang dipertahankan",
    "done.region_import": (
        "{path} dimuat: {added} ditambahkan, {renamed} diganti namanya, {removed} dihapus, "
        "{unchanged} tidak berubah."
    ),
    "done.region_import_kept": (
        "{path} dimuat: {added} ditambahkan, {renamed} diganti namanya, {removed} dihapus, "
        "{unchanged} tidak berubah, {kept} dipertahankan (masih dipakai, lihat di atas)."
    ),
    "done.region_dry_run": (
        "Uji coba {path}: {added} akan ditambahkan, {renamed} diganti namanya, {removed} "
        "dihapus, {unchanged} tidak berubah; tidak ada yang ditulis."
    ),
    "done.region_dry_run_kept": (
        "Uji coba {path}: {added} akan ditambahkan, {renamed} diganti namanya, {removed} "
        "dihapus, {unchanged} tidak berubah, {kept} dipertahankan (masih dipakai, lihat di "
        "atas); tidak ada yang ditulis."
    ),
    "region.list_title": "Wilayah di {name} ({code})",
    "region.col_kind": "Jenis",
    "region.list.empty": "Tidak ada wilayah yang dimuat di bawahnya.",
    "region.list.count_one": "1 wilayah",
    "region.list.count": "{count} wilayah",
    "done.scope_set": "Cakupan sekarang {name} ({code}): {count} {noun}.",
    "done.scope_show": "Cakupannya {name} ({code}): {count} {noun}.",
    "error.target_level": (
        "{code} bukan kode wilayah yang dapat diberi target: berikan provinsi, kabupaten/kota "
        "atau kecamatan (--kecamatan hanya untuk kecamatan)."
    ),
    "error.target_outside": (
        "{code} berada di luar cakupan, {scope}: berikan wilayah di dalamnya, atau pilih cakupan "
        "lain dengan --scope."
    ),
    "error.target_indonesia": (
        "Target dimiliki provinsi, kabupaten/kota atau kecamatan, bukan seluruh Indonesia: "
        "sebutkan satu dengan --region, atau berikan --scope."
    ),
    "word.region": "wilayah",
    "error.target_too_many": (
        "{region} memiliki {villages} {noun}, sehingga target {count} tidak dapat tercapai: "
        "berikan paling banyak {villages}."
    ),
    "error.region_empty": (
        "{path} kosong: daftar wilayah memerlukan baris judul (kode,nama, boleh ditambah "
        "tingkat,kode_induk) dan satu baris per wilayah."
    ),
    "check.history_guard": (
        "Pengaman riwayat terhadap pengubahan hilang atau diubah ({names}): harus persis "
        "seperti yang dibuat kkb. Pulihkan file dari cadangan."
    ),
    "check.history_ids": (
        "Ada entri riwayat yang hilang: {count} tersimpan, {missing} hilang di antaranya."
    ),
    "check.history_hash": (
        "{count} entri riwayat yang hash-nya tidak cocok, jadi riwayat telah diubah mulai "
        "dari situ (entri {ids}). Pulihkan file dari cadangan."
    ),
    "check.seal_missing": (
        "Segel {seal} tidak ada dalam riwayat ini: riwayat sampai segel itu telah ditulis "
        "ulang, atau segel itu dari file lain."
    ),
    "check.upgrade_due": (
        "File ini memakai skema versi {old}, sedangkan kkb ini memakai {new}: aturan kkb "
        "sendiri diperiksa setelah pemutakhiran, yang dilakukan oleh `kkb upgrade` (salinan "
        "file disimpan di sebelahnya lebih dulu)."
    ),
    "check.name_keys_stale": (
        "{count} wilayah yang indeks namanya tidak sesuai dengan namanya ({codes}), mungkin "
        "diubah oleh program lain: `kkb check --recount` membangunnya kembali."
    ),
    "history.file_history_chained": (
        "riwayat dijadikan rantai hash ({entries} entri, skema {schema})"
    ),
    "error.db_cannot_create": (
        "Tidak dapat membuat basis data {path} ({detail}): periksa folder dan izin Anda."
    ),
    "error.db_is_link": (
        "{path} adalah tautan simbolik (ke {target}): kkb tidak menulis melalui tautan. "
        "Berikan path yang sebenarnya dengan --db atau KKB_DB."
    ),
    "error.output_is_link": (
        "{path} adalah tautan simbolik (ke {target}), jadi tidak diubah: kkb tidak pernah "
        "menulis melalui tautan. Pilih nama file lain, atau hapus tautan itu lebih dulu."
    ),
    "error.import_fifo": (
        "{path} adalah pipa bernama (FIFO), bukan file: simpan CSV sebagai file, atau kirim "
        "lewat `-` (kkb import csv - < file.csv)."
    ),
    "error.import_device": "{path} adalah perangkat, bukan file: berikan file CSV-nya.",
    "error.import_socket": "{path} adalah soket, bukan file: berikan file CSV-nya.",
    "error.import_not_file": "{path} bukan file biasa: berikan file CSV-nya.",
    "error.import_line_too_long": (
        "{path}: baris {line} lebih panjang dari {limit} KiB, yang tidak pernah ditulis "
        "spreadsheet: apakah ini file CSV?"
    ),
    "error.import_cell_too_long": (
        "{path}: sel yang dimulai pada baris {line} lebih panjang dari {limit} karakter, "
        'yang tidak pernah ditulis spreadsheet: apakah ada tanda kutip (") yang tidak '
        "ditutup?"
    ),
    "error.import_row_too_long": (
        "{path}: baris data yang dimulai pada baris {line} lebih panjang dari {limit} "
        'karakter: apakah ada tanda kutip (") yang tidak ditutup?'
    ),
    "import.more_problems": (
        "… dan {count} baris lagi ditolak (perbaiki baris di atas lalu impor lagi untuk "
        "melihatnya)."
    ),
    "error.stdout_closed": (
        "Keluaran standar tertutup, jadi kkb tidak dapat mencetak hasilnya: jalankan "
        "perintah tanpa `>&-`, atau arahkan keluarannya ke file (`> keluaran.csv`, atau "
        "--output bila perintah memilikinya)."
    ),
    "error.argument_not_utf8": (
        "Argumen {position} ('{shown}') bukan teks UTF-8: ketik ulang, atau atur terminal "
        "Anda ke UTF-8."
    ),
    "error.interrupted": "Dihentikan: perubahan dari perintah ini dibatalkan.",
    "error.memory": (
        "Memori kkb habis, dan tidak ada yang diubah: tutup program lain, atau bagi "
        "pekerjaannya (--scope yang lebih kecil, file yang dipecah)."
    ),
    "help.check.seal": (
        "Buktikan juga bahwa riwayat sampai segel ini (hash yang dicetak `kkb history seal` "
        "sebelumnya) tidak berubah."
    ),
    "help.upgrade": (
        "Mutakhirkan file basis data ke skema kkb ini.\n\nSetiap perintah melakukannya pada "
        "pemakaian pertama; perintah ini hanya melakukan itu. Salinan file seperti semula "
        "disimpan di sebelahnya lebih dulu."
    ),
    "done.check_seal": "Riwayat sampai segel {seal} ({entries} entri) tidak berubah.",
    "done.upgrade_current": (
        "{path} sudah memakai skema versi {version}: tidak ada yang dimutakhirkan."
    ),
    "error.seal_malformed": (
        "'{seal}' bukan segel: segel adalah 64 huruf dan angka yang dicetak `kkb history seal`."
    ),
    "history.seal": "Segel riwayat {path}: {entries} entri, yang terakhir pada {when}:",
    "history.seal_keep": (
        "Simpan segel ini di luar file (dalam laporan bulanan, dalam pesan ke provinsi): "
        "`kkb check --seal {seal}` kelak membuktikan bahwa {entries} entri ini tidak berubah."
    ),
    "check.history_chain": (
        "{count} kelurahan yang riwayatnya terputus (nilai 'before' suatu entri tidak sama "
        "dengan nilai 'after' entri sebelumnya): {codes}"
    ),
    "check.history_mismatch": (
        "{count} kelurahan yang riwayatnya tidak berakhir pada data yang tersimpan: {codes}"
    ),
    "coverage": "{formed} dari {total} {noun} ({pct}%)",
    "when.date": "pada {date}",
    "when.year": "pada tahun {year}",
}

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
