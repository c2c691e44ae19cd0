//! `--help` in Vietnamese, the program's default language: every command's
//! and option's text, clap's own headings ("Usage", "Options", …) and the
//! defaults and choices clap would print in English. Under `--lang en` the
//! English doc comments of `cli.rs` stand.
//!
//! The table is keyed by the English text itself, as gettext keys by its
//! msgid: a text shared by several commands (the run options) is
//! translated once, and an English text changed without its Vietnamese no
//! longer matches, which a test catches.

use clap::builder::Command;

/// Every help text of the command line: (English as clap shows it,
/// Vietnamese). A text of several paragraphs is its long help; its first
/// paragraph, without the final full stop, is the short one (`-h`).
const TEXTS: &[(&str, &str)] = &[
    (
        "Simulate farm restructuring on sloping land (Sơn La): crops, incomes, tree cover, soil.",
        "Mô phỏng chuyển đổi cơ cấu cây trồng trên đất dốc (Sơn La): diện tích cây trồng, thu nhập, \
         độ che phủ, xói mòn đất.",
    ),
    (
        "Language of tables, charts, reports, messages and this help (vi: Tiếng Việt, en: English)",
        "Ngôn ngữ của bảng, biểu đồ, báo cáo, thông báo và phần hướng dẫn này (vi: Tiếng Việt, en: English)",
    ),
    ("Print help (see a summary with '-h')", "In hướng dẫn (bản tóm tắt: -h)"),
    ("Print help (see more with '--help')", "In hướng dẫn (bản đầy đủ: --help)"),
    ("Print version", "In số phiên bản"),
    ("Print this message or the help of the given subcommand(s)", "In hướng dẫn này, hoặc hướng dẫn của lệnh được nêu"),
    // run
    (
        "Simulate a scenario: many replicates of the whole province, year by year.\n\n\
         Writes to out/<scenario>/ every indicator per year (indicators.csv, with mean, sd and \
         percentiles across replicates), the budget, a one-page summary, the charts, report.html, \
         report.docx and results.xlsx, and prints key indicators at milestone years.",
        "Mô phỏng một kịch bản: nhiều lần mô phỏng cả tỉnh, từng năm một.\n\n\
         Ghi vào out/<kịch bản>/ mọi chỉ tiêu theo từng năm (indicators.csv, với trung bình, độ lệch \
         chuẩn và các phân vị qua các lần mô phỏng), ngân sách, bản tóm tắt một trang, các biểu đồ, \
         report.html, report.docx và results.xlsx, và in các chỉ tiêu chính ở các năm mốc.",
    ),
    ("Scenario file or shipped scenario name", "Tệp kịch bản hoặc tên một kịch bản có sẵn"),
    (
        "Monte Carlo replicates (default: the scenario's; frontier and sensitivity: 100 per case, \
         calibrate: 50 per fitting run)",
        "Số lần mô phỏng Monte Carlo (mặc định: theo kịch bản; frontier và sensitivity: 100 cho mỗi \
         trường hợp, calibrate: 50 cho mỗi lần chạy khớp)",
    ),
    (
        "Random seed (default: the scenario's). Same seed, same results",
        "Giá trị khởi tạo ngẫu nhiên (seed; mặc định: theo kịch bản). Cùng seed, cùng kết quả",
    ),
    ("Years simulated (default: the scenario's)", "Số năm mô phỏng (mặc định: theo kịch bản)"),
    (
        "Share of the province simulated, 0 < F ≤ 1, for quick runs; results are still reported in \
         whole-province units. Every district keeps at least 20 households (for Sơn La: 0.0025 or \
         more). Default: the scenario's; frontier, sensitivity and calibrate's fitting runs: 0.1",
        "Phần của tỉnh được mô phỏng, 0 < F ≤ 1, để chạy nhanh; kết quả vẫn được quy ra cả tỉnh. Mỗi \
         huyện giữ ít nhất 20 hộ (với Sơn La: từ 0.0025 trở lên). Mặc định: theo kịch bản; frontier, \
         sensitivity và các lần chạy khớp của calibrate: 0.1",
    ),
    (
        "Worker threads (default: RAYON_NUM_THREADS, else all cores; at most 4 per core). Results do \
         not depend on it",
        "Số luồng tính (mặc định: RAYON_NUM_THREADS, nếu không có thì mọi lõi; nhiều nhất 4 luồng mỗi \
         lõi). Kết quả không phụ thuộc vào số này",
    ),
    ("Output folder", "Thư mục kết quả"),
    (
        "Replace an earlier result of agroshift in the output folder (never a folder that holds other files)",
        "Thay kết quả cũ của agroshift trong thư mục kết quả (không bao giờ thay thư mục có tệp khác)",
    ),
    ("Print nothing but errors", "Chỉ in lỗi"),
    (
        "Make the terminal table, report, workbook and charts speak of these districts (or communes) \
         instead of the province; repeat it or give several names with commas. The whole province is \
         still simulated, on one market",
        "Cho bảng trên màn hình, báo cáo, bảng tính và biểu đồ nói về các huyện (hoặc xã) này thay vì \
         cả tỉnh; ghi nhiều lần, hoặc nhiều tên cách nhau bằng dấu phẩy. Vẫn mô phỏng cả tỉnh, trên \
         một thị trường chung",
    ),
    (
        "CSV files for Excel with Vietnamese regional settings (`vi`: `;` between fields, decimal \
         commas) or the standard style for R, Python and English Excel (`standard`: `,` and decimal \
         points)",
        "Tệp CSV cho Excel cài đặt vùng Việt Nam (`vi`: `;` giữa các cột, dấu phẩy thập phân) hoặc \
         kiểu chuẩn cho R, Python và Excel tiếng Anh (`standard`: `,` giữa các cột, dấu chấm thập \
         phân)",
    ),
    (
        "Simulate only shard K of N of the replicates (for a cluster: one task per shard) and write \
         replicates.parquet and part.json; put the shards together with `agroshift merge`, which \
         writes the results (in its --lang and --csv-style) the same, byte for byte, as one run's",
        "Chỉ mô phỏng phân đoạn K trong N phân đoạn của các lần mô phỏng (cho máy tính cụm: mỗi tác \
         vụ một phân đoạn) và ghi replicates.parquet và part.json; ghép các phân đoạn bằng \
         `agroshift merge`, lệnh này ghi kết quả (theo --lang và --csv-style của nó) giống hệt từng \
         byte như một lần chạy",
    ),
    // plot
    (
        "Re-draw the charts, report.html, report.docx and results.xlsx of a saved run (for example in \
         English) without simulating again.\n\n\
         Writes into <RUN_DIR>/plots-<lang> unless told otherwise.",
        "Vẽ lại biểu đồ, report.html, report.docx và results.xlsx của một lần chạy đã lưu (ví dụ bằng \
         tiếng Anh) mà không mô phỏng lại.\n\n\
         Ghi vào <RUN_DIR>/plots-<ngôn ngữ> nếu không chỉ định khác.",
    ),
    (
        "Folder of a run (holding indicators.csv and manifest.json)",
        "Thư mục của một lần chạy (có indicators.csv và manifest.json)",
    ),
    ("Replace an existing output folder", "Thay thư mục kết quả đã có"),
    // compare
    (
        "Compare scenarios run with the same seed (the same prices and weather): each key outcome at \
         milestone years and its difference from the first scenario, with charts, a report and a \
         workbook",
        "So sánh các kịch bản chạy cùng seed (cùng giá cả và thời tiết): từng kết quả chính ở các năm \
         mốc và chênh lệch so với kịch bản đầu tiên, kèm biểu đồ, báo cáo và bảng tính",
    ),
    (
        "Two or more scenarios (files or shipped names); the first is the reference",
        "Hai kịch bản trở lên (tệp hoặc tên có sẵn); kịch bản đầu tiên là mốc so sánh",
    ),
    // frontier
    (
        "Simulate every crop mix on a grid of shares (planned mode) and show which mixes no other \
         beats on both mean and downside (risk–return).\n\n\
         The downside is the 5th percentile of an outcome where more is better (income, households \
         above the threshold) and the 95th where less is (households in poverty, the Gini, soil \
         loss). Money spent has no better side and is refused as the outcome.\n\n\
         Runs at a tenth of the province with 100 replicates unless told otherwise.",
        "Mô phỏng mọi cơ cấu cây trồng trên một lưới tỷ lệ (chế độ theo kế hoạch) và chỉ ra các cơ \
         cấu không bị cơ cấu nào khác vượt cả về trung bình lẫn về rủi ro (lợi ích–rủi ro).\n\n\
         Rủi ro là phân vị 5% của kết quả càng lớn càng tốt (thu nhập, số hộ trên ngưỡng) và phân vị \
         95% của kết quả càng nhỏ càng tốt (hộ nghèo, hệ số Gini, đất bị xói mòn). Tiền chi ra không \
         có chiều nào tốt hơn nên không được chọn làm kết quả.\n\n\
         Chạy trên một phần mười tỉnh với 100 lần mô phỏng nếu không chỉ định khác.",
    ),
    ("A planned scenario (file or shipped name)", "Một kịch bản theo kế hoạch (tệp hoặc tên có sẵn)"),
    ("Crops to mix, comma-separated", "Các cây trồng để phối hợp, cách nhau bằng dấu phẩy"),
    ("Step of the shares grid (0.1: 66 mixes of three crops)", "Bước của lưới tỷ lệ (0.1: 66 cơ cấu của ba cây)"),
    (
        "Indicator name, as in indicators.csv (farm_income_vnd, hh_above_threshold, …)",
        "Tên chỉ tiêu, như trong indicators.csv (farm_income_vnd, hh_above_threshold, …)",
    ),
    (
        "Crop or market of a per-crop or per-market indicator",
        "Cây trồng hoặc thị trường, với chỉ tiêu tính theo cây hoặc theo thị trường",
    ),
    ("Year (default: the last simulated year)", "Năm (mặc định: năm mô phỏng cuối cùng)"),
    (
        "Simulate only shard K of N of the mixes (for a cluster) and write mixes.json and part.json; \
         put the shards together with `agroshift merge`",
        "Chỉ mô phỏng phân đoạn K trong N phân đoạn của các cơ cấu (cho máy tính cụm) và ghi \
         mixes.json và part.json; ghép các phân đoạn bằng `agroshift merge`",
    ),
    // sensitivity
    (
        "One parameter group at a time, low and high: which assumptions move an indicator most \
         (tornado chart and ranked CSV).\n\n\
         Runs at a tenth of the province with 100 replicates unless told otherwise.",
        "Từng nhóm tham số một, ở mức thấp và mức cao: giả định nào làm một chỉ tiêu thay đổi nhiều \
         nhất (biểu đồ tornado và CSV xếp hạng).\n\n\
         Chạy trên một phần mười tỉnh với 100 lần mô phỏng nếu không chỉ định khác.",
    ),
    ("Scenario (file or shipped name)", "Kịch bản (tệp hoặc tên có sẵn)"),
    ("Relative change, low and high (0.2 = ±20%)", "Mức thay đổi tương đối, thấp và cao (0.2 = ±20%)"),
    (
        "Simulate only shard K of N of the cases (the base, each lever low and high) and write \
         cases.json and part.json; put the shards together with `agroshift merge`",
        "Chỉ mô phỏng phân đoạn K trong N phân đoạn của các trường hợp (trường hợp gốc, từng yếu tố ở \
         mức thấp và cao) và ghi cases.json và part.json; ghép các phân đoạn bằng `agroshift merge`",
    ),
    // calibrate
    (
        "Fit settings of a scenario to a province's own statistics: weighted least squares of the \
         simulated means against the observed numbers (Levenberg–Marquardt, the same seed for every \
         simulation), then one check run of the fitted scenario.\n\n\
         The fit runs at a tenth of the province with 50 replicates unless told otherwise; the check \
         run at the scenario's own size.\n\n\
         Writes calibrated.toml (a scenario that extends the input and sets the fitted values), \
         fit.csv, and the check run's results with a calibration section in report.html.\n\n\
         Example: agroshift calibrate sonla-restructuring --observed examples/observed-song-ma.csv \
         --fit parameters.awareness_q,parameters.adopt_theta_mvnd_ha",
        "Hiệu chỉnh các thiết lập của kịch bản theo số liệu thống kê của tỉnh: bình phương tối thiểu có \
         trọng số giữa trung bình mô phỏng và số liệu quan sát (Levenberg–Marquardt, cùng seed cho \
         mọi lần mô phỏng), rồi một lần chạy kiểm tra kịch bản đã hiệu chỉnh.\n\n\
         Việc khớp chạy trên một phần mười tỉnh với 50 lần mô phỏng nếu không chỉ định khác; lần chạy \
         kiểm tra ở quy mô của chính kịch bản.\n\n\
         Ghi calibrated.toml (kịch bản kế thừa kịch bản đầu vào và đặt các giá trị đã khớp), fit.csv, \
         và kết quả của lần chạy kiểm tra, có phần hiệu chỉnh trong report.html.\n\n\
         Ví dụ: agroshift calibrate sonla-restructuring --observed examples/observed-song-ma.csv \
         --fit parameters.awareness_q,parameters.adopt_theta_mvnd_ha",
    ),
    (
        "Observed numbers: a CSV file with the columns of indicators.csv (scope, year, indicator, key, \
         value), optionally sd (the value's uncertainty) and unit (checked against the indicator's: \
         ha, households or hộ, VND or đồng, …; it vouches for an area that looks like thousands of \
         ha). A crop by its id or its name (Nhãn ghép); a key may add crops with + \
         (old_longan+longan_grafted)",
        "Số liệu quan sát: tệp CSV có các cột của indicators.csv (scope, year, indicator, key, value), \
         có thể thêm sd (độ bất định của giá trị) và unit (đối chiếu với đơn vị của chỉ tiêu: ha, hộ, \
         đồng hoặc VND, …; nó xác nhận một diện tích trông như tính bằng nghìn ha). Cây trồng ghi \
         bằng mã hoặc tên (Nhãn ghép); key có thể cộng nhiều cây bằng + (old_longan+longan_grafted)",
    ),
    (
        "Settings to fit, by their path in the scenario file, comma-separated (parameters.awareness_q, \
         markets.longan.demand_elasticity, …)",
        "Các thiết lập cần khớp, theo đường dẫn trong tệp kịch bản, cách nhau bằng dấu phẩy \
         (parameters.awareness_q, markets.longan.demand_elasticity, …)",
    ),
    (
        "Bounds of a fitted setting instead of its plausible range; repeat it for several (--bounds \
         parameters.awareness_q=0.1:2)",
        "Giới hạn của một thiết lập được khớp, thay cho khoảng hợp lý của nó; ghi nhiều lần cho nhiều \
         thiết lập (--bounds parameters.awareness_q=0.1:2)",
    ),
    (
        "Relative error of an observation without an sd (0.1 = 10%)",
        "Sai số tương đối của một số liệu quan sát không có sd (0.1 = 10%)",
    ),
    (
        "Share of the province the check run of the fitted scenario simulates (default: the \
         scenario's own)",
        "Phần của tỉnh mà lần chạy kiểm tra kịch bản đã hiệu chỉnh mô phỏng (mặc định: theo kịch bản)",
    ),
    (
        "Replicates of the check run (default: the scenario's own)",
        "Số lần mô phỏng của lần chạy kiểm tra (mặc định: theo kịch bản)",
    ),
    ("Most iterations of the solver", "Số vòng lặp tối đa của bộ giải"),
    // merge
    (
        "Put the shards of a run, frontier or sensitivity analysis together (`--shard K/N`, one per \
         cluster task): checks that every shard of one work is there once, and writes everything the \
         single command writes, the same byte for byte.\n\n\
         Example: agroshift merge parts/shard-1 parts/shard-2 parts/shard-3 --out results",
        "Ghép các phân đoạn của một lần chạy, frontier hoặc sensitivity (`--shard K/N`, mỗi tác vụ \
         trên máy cụm một phân đoạn): kiểm tra mỗi phân đoạn của cùng một việc có mặt đúng một lần, \
         và ghi mọi thứ lệnh chạy một lần ghi, giống hệt từng byte.\n\n\
         Ví dụ: agroshift merge parts/shard-1 parts/shard-2 parts/shard-3 --out results",
    ),
    (
        "Folders of the shards, each holding part.json and the shard's data (replicates.parquet of \
         `run`, mixes.json of `frontier`, cases.json of `sensitivity`), in any order",
        "Thư mục của các phân đoạn, mỗi thư mục có part.json và dữ liệu của phân đoạn \
         (replicates.parquet của `run`, mixes.json của `frontier`, cases.json của `sensitivity`), \
         theo thứ tự bất kỳ",
    ),
    ("Output folder (default: out/<scenario>)", "Thư mục kết quả (mặc định: out/<kịch bản>)"),
    (
        "Replace an earlier result of agroshift in the output folder",
        "Thay kết quả cũ của agroshift trong thư mục kết quả",
    ),
    (
        "Worker threads for the summaries and charts (results do not depend on it)",
        "Số luồng tính cho phần tổng hợp và biểu đồ (kết quả không phụ thuộc vào số này)",
    ),
    (
        "CSV files for Excel with Vietnamese regional settings (`vi`) or the standard style (as `run`)",
        "Tệp CSV cho Excel cài đặt vùng Việt Nam (`vi`) hoặc kiểu chuẩn (`standard`, như `run`)",
    ),
    // slurm
    (
        "Cut a run into shards for a Slurm cluster: writes a job-array batch script (one task per \
         shard), a merge job that waits for the whole array, and submit.sh; --submit submits both \
         with sbatch.\n\n\
         For `run`; frontier and sensitivity take --shard K/N too, and their shards are merged the \
         same way. The scripts call this program by its path and read the scenario when each task \
         starts: both must be on a file system the compute nodes see.\n\n\
         Example: agroshift slurm sonla-restructuring --replicates 10000 --shards 50 --out cluster-run",
        "Chia một lần chạy thành các phân đoạn cho máy tính cụm Slurm: ghi một tập lệnh mảng tác vụ \
         (mỗi tác vụ một phân đoạn), một tác vụ ghép chờ cả mảng xong, và submit.sh; --submit gửi \
         cả hai bằng sbatch.\n\n\
         Dùng cho `run`; frontier và sensitivity cũng nhận --shard K/N, và các phân đoạn của chúng \
         được ghép theo cùng cách. Các tập lệnh gọi chương trình này theo đường dẫn của nó và đọc \
         kịch bản khi mỗi tác vụ bắt đầu: cả hai phải nằm trên hệ thống tệp mà các nút tính toán \
         thấy được.\n\n\
         Ví dụ: agroshift slurm sonla-restructuring --replicates 10000 --shards 50 --out cluster-run",
    ),
    (
        "Shards: array tasks, each simulating its share of the replicates",
        "Số phân đoạn: các tác vụ của mảng, mỗi tác vụ chạy một phần số lần mô phỏng",
    ),
    (
        "Submit the array and the merge job with sbatch and print their ids",
        "Gửi mảng tác vụ và tác vụ ghép bằng sbatch và in mã của chúng",
    ),
    (
        "Cores per task (Slurm's --cpus-per-task); each task runs that many threads",
        "Số lõi mỗi tác vụ (--cpus-per-task của Slurm); mỗi tác vụ chạy chừng ấy luồng",
    ),
    (
        "Time limit per task (Slurm's --time): minutes (90), HH:MM:SS or D-HH:MM:SS",
        "Thời gian tối đa mỗi tác vụ (--time của Slurm): số phút (90), HH:MM:SS hoặc D-HH:MM:SS",
    ),
    (
        "Memory per task (Slurm's --mem), with its unit: 4G, 500M. A full-province shard needs about \
         0.3 GB per thread",
        "Bộ nhớ mỗi tác vụ (--mem của Slurm), kèm đơn vị: 4G, 500M. Một phân đoạn cả tỉnh cần khoảng \
         0.3 GB mỗi luồng",
    ),
    ("Slurm partition (default: the cluster's)", "Phân vùng Slurm (mặc định: của máy cụm)"),
    ("Slurm account to charge (default: yours)", "Tài khoản Slurm được tính giờ máy (mặc định: của bạn)"),
    (
        "Monte Carlo replicates of the whole run (default: the scenario's)",
        "Số lần mô phỏng Monte Carlo của cả lần chạy (mặc định: theo kịch bản)",
    ),
    ("Random seed (default: the scenario's)", "Giá trị khởi tạo ngẫu nhiên (seed; mặc định: theo kịch bản)"),
    (
        "Share of the province simulated (default: the scenario's)",
        "Phần của tỉnh được mô phỏng (mặc định: theo kịch bản)",
    ),
    (
        "Districts (or communes) the results speak of, as `run --focus`",
        "Các huyện (hoặc xã) mà kết quả nói về, như `run --focus`",
    ),
    ("CSV style of the merged results, as `run --csv-style`", "Kiểu CSV của kết quả đã ghép, như `run --csv-style`"),
    (
        "Folder of the scripts, logs/, parts/ (the shards) and results/ (the merged run), on a file \
         system every node sees (default: slurm/<scenario>)",
        "Thư mục của các tập lệnh, logs/, parts/ (các phân đoạn) và results/ (kết quả đã ghép), trên \
         hệ thống tệp mà mọi nút thấy được (mặc định: slurm/<kịch bản>)",
    ),
    (
        "Replace an earlier folder of scripts that no job has used yet",
        "Thay thư mục tập lệnh cũ mà chưa tác vụ nào dùng",
    ),
    ("Print nothing but errors (and, with --submit, the job ids)", "Chỉ in lỗi (và, với --submit, mã các tác vụ)"),
    // serve
    (
        "Try options in the browser: a local web page where you change the support, the crop mix, the \
         pace or a price, and see the key table, charts and the difference from the scenario as \
         loaded in seconds (a reduced scale, stated on the page). Ctrl-C stops it.\n\n\
         Example: agroshift serve   (then open http://127.0.0.1:8080/)",
        "Thử các phương án trên trình duyệt: một trang web trên máy này, nơi bạn đổi mức hỗ trợ, cơ \
         cấu cây trồng, tốc độ chuyển đổi hoặc giá, và sau vài giây thấy bảng chỉ tiêu chính, biểu đồ \
         và chênh lệch so với kịch bản như khi nạp (ở quy mô thu nhỏ, có ghi trên trang). Ctrl-C để \
         dừng.\n\n\
         Ví dụ: agroshift serve   (rồi mở http://127.0.0.1:8080/)",
    ),
    (
        "A scenario to offer first (file or shipped name); the shipped ones are always offered",
        "Kịch bản đưa ra đầu tiên (tệp hoặc tên có sẵn); các kịch bản có sẵn luôn có mặt",
    ),
    ("Port to listen on (0: any free port, printed)", "Cổng lắng nghe (0: một cổng trống bất kỳ, được in ra)"),
    (
        "Address to listen on; 127.0.0.1 keeps the page to this computer",
        "Địa chỉ lắng nghe; 127.0.0.1 chỉ cho máy này mở trang",
    ),
    ("Share of the province each answer simulates", "Phần của tỉnh mà mỗi câu trả lời mô phỏng"),
    ("Replicates of each answer", "Số lần mô phỏng của mỗi câu trả lời"),
    (
        "Worker threads of the simulations (default: all cores)",
        "Số luồng tính của các lần mô phỏng (mặc định: mọi lõi)",
    ),
    (
        "Simulations at once, across all pages; more get \"busy\" (503)",
        "Số lần mô phỏng cùng lúc, trên mọi trang; quá số này sẽ nhận \"đang bận\" (503)",
    ),
    // figures, check, show, scenarios, crops
    (
        "Regenerate the charts of every shipped scenario (the project's top-level figures/ folder)",
        "Tạo lại biểu đồ của mọi kịch bản có sẵn (thư mục figures/ ở gốc dự án)",
    ),
    ("Share of the province simulated", "Phần của tỉnh được mô phỏng"),
    ("Replicates per scenario", "Số lần mô phỏng mỗi kịch bản"),
    ("Replace the existing folder", "Thay thư mục đã có"),
    (
        "Check scenario files and print a one-screen summary of each",
        "Kiểm tra các tệp kịch bản và in bản tóm tắt một màn hình cho mỗi tệp",
    ),
    ("Scenario files (or shipped scenario names)", "Các tệp kịch bản (hoặc tên kịch bản có sẵn)"),
    (
        "Print a scenario file as written, comments and all (to copy a shipped one and learn its \
         settings); with --resolved, everything it inherits through `extends`, each value with the \
         file that sets it",
        "In một tệp kịch bản đúng như đã viết, kể cả chú thích (để chép một kịch bản có sẵn và tìm \
         hiểu các thiết lập); với --resolved, mọi thứ nó kế thừa qua `extends`, mỗi giá trị kèm tệp \
         đặt ra nó",
    ),
    (
        "Write out everything inherited, with each value's origin",
        "Ghi ra mọi thứ được kế thừa, mỗi giá trị kèm nguồn của nó",
    ),
    ("List the shipped scenarios", "Liệt kê các kịch bản có sẵn"),
    (
        "Compare crops per hectare at base prices: yield, gross and net income, establishment cost, \
         NPV, IRR and payback year",
        "So sánh các cây trồng trên mỗi ha theo giá gốc: năng suất, thu nhập gộp và thuần, chi phí \
         kiến thiết, NPV, IRR và năm hoàn vốn",
    ),
    ("Slope class: S1 <8°, S2 8–15°, S3 15–25°, S4 >25°", "Cấp độ dốc: S1 <8°, S2 8–15°, S3 15–25°, S4 >25°"),
    (
        "Output format: table (aligned text for the terminal), csv (UTF-8 with BOM, opens in Excel) or json",
        "Định dạng đầu ra: table (bảng canh cột cho màn hình), csv (UTF-8 có BOM, mở được bằng Excel) \
         hoặc json",
    ),
    (
        "Show the year-by-year cash flow of one crop from planting (the J-curve)",
        "In dòng tiền từng năm của một cây trồng từ khi trồng (đường cong chữ J)",
    ),
    (
        "With --format csv: `vi` for Excel with Vietnamese regional settings (`;` between fields, \
         decimal commas), `standard` otherwise",
        "Với --format csv: `vi` cho Excel cài đặt vùng Việt Nam (`;` giữa các cột, dấu phẩy thập \
         phân), `standard` trong các trường hợp khác",
    ),
    // The program's own after-help: its examples and exit codes.
    (
        crate::cli::AFTER_HELP,
        "Ví dụ:
  agroshift                                  chạy kịch bản mặc định (sonla-restructuring)
  agroshift run sonla-planned --scale 0.1    chạy nhanh trên một phần mười tỉnh
  agroshift crops --slope S3                 so sánh cây trồng mỗi ha trên dốc 15–25°
  agroshift crops --cashflow longan_grafted  dòng tiền từng năm của một vườn mới trồng
  agroshift check my-scenario.toml           kiểm tra tệp kịch bản bạn đã sửa
  agroshift --lang en plot out/sonla-planned biểu đồ và báo cáo bằng tiếng Anh, không chạy lại
  agroshift show sonla-planned > mine.toml   bắt đầu kịch bản riêng từ một kịch bản có sẵn

Mã thoát: 0 = xong; 1 = lần chạy thất bại; 2 = đầu vào sai (chưa ghi gì);
130/143 = bị dừng bằng Ctrl-C/SIGTERM (không để lại gì).
--force chỉ thay một thư mục trống hoặc kết quả cũ của agroshift.

Hướng dẫn của từng lệnh: agroshift run --help. In English: agroshift --lang en --help",
    ),
];

/// The layout of clap's help with its "Usage:" heading in Vietnamese
/// (clap's default template otherwise).
const TEMPLATE: &str = "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// `command` (as `Cli::command()` builds it) with every help text, heading,
/// default and list of choices in Vietnamese.
pub fn in_vietnamese(mut command: Command) -> Command {
    // Built first, so that the generated `--help`, `--version` and `help`
    // command exist to be translated, and the global `--lang` has been
    // copied into every command.
    command.build();
    localize(command)
}

/// One command and, recursively, its options and commands.
fn localize(command: Command) -> Command {
    let about = command.get_about().map(|t| vietnamese_text(&t.to_string()));
    let long_about = command.get_long_about().map(|t| vietnamese_text(&t.to_string()));
    let after_help = command.get_after_help().map(|t| vietnamese_text(&t.to_string()));
    // clap's usage line names its placeholders in English; the built
    // command renders it with its full name ("agroshift run …").
    let usage = usage_in_vietnamese(&command.clone().render_usage().to_string());
    let mut command = command.help_template(TEMPLATE).subcommand_help_heading("Lệnh").override_usage(usage);
    if let Some(about) = about {
        command = command.about(about);
    }
    if let Some(long_about) = long_about {
        command = command.long_about(long_about);
    }
    if let Some(after_help) = after_help {
        command = command.after_help(after_help);
    }
    let ids: Vec<clap::Id> = command.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        command = command.mut_arg(id, localize_arg);
    }
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(name, localize);
    }
    command
}

/// clap's usage line (without its "Usage:") with its English placeholders
/// in Vietnamese: `[OPTIONS]` → `[TUỲ CHỌN]`, `[COMMAND]` → `[LỆNH]`.
pub(super) fn usage_in_vietnamese(usage: &str) -> String {
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    usage.replace("[OPTIONS]", "[TUỲ CHỌN]").replace("<COMMAND>", "<LỆNH>").replace("[COMMAND]", "[LỆNH]")
}

/// One option or argument: its text, its heading, and the default and the
/// choices clap would add in English.
fn localize_arg(arg: clap::Arg) -> clap::Arg {
    let help = arg.get_help().map(|t| vietnamese_text(&t.to_string()));
    let long_help = arg.get_long_help().map(|t| vietnamese_text(&t.to_string()));
    let heading = if arg.is_positional() { "Đối số" } else { "Tuỳ chọn" };
    let mut extra = String::new();
    if arg.get_action().takes_values() {
        let text = long_help.as_deref().or(help.as_deref()).unwrap_or_default();
        let choices: Vec<String> =
            arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
        // A text that already names its choices is not given the list again.
        if !choices.is_empty() && !choices.iter().all(|c| text.contains(c.as_str())) {
            extra.push_str(&format!(" [giá trị: {}]", choices.join(", ")));
        }
        let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        if !defaults.is_empty() {
            extra.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
        }
    }
    let mut arg = arg.help_heading(heading).hide_default_value(true).hide_possible_values(true);
    if let Some(help) = help {
        arg = arg.help(format!("{help}{extra}"));
    }
    if let Some(long_help) = long_help {
        arg = arg.long_help(format!("{long_help}{extra}"));
    }
    arg
}

/// The Vietnamese of a help text: the table's entry for it, or, for the
/// short form of a long text (the first paragraph without its full stop,
/// as clap keeps it for `-h` and the command lists), the short form of the
/// entry's. An English text not in the table stands as it is.
fn vietnamese_text(english: &str) -> String {
    if let Some((_, vi)) = TEXTS.iter().find(|(en, _)| *en == english) {
        return (*vi).to_string();
    }
    let short = |text: &'static str| text.split_once("\n\n").map(|(first, _)| first.trim_end_matches('.'));
    TEXTS
        .iter()
        .find(|(en, _)| short(en) == Some(english))
        .and_then(|(_, vi)| short(vi))
        .map_or_else(|| english.to_string(), ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    /// Every help text of `command` and its commands: (where, English).
    fn english_texts(command: &Command, path: &str, out: &mut Vec<(String, String)>) {
        for text in [command.get_about(), command.get_long_about(), command.get_after_help()].into_iter().flatten() {
            out.push((path.to_string(), text.to_string()));
        }
        for arg in command.get_arguments() {
            for text in [arg.get_help(), arg.get_long_help()].into_iter().flatten() {
                out.push((format!("{path} {}", arg.get_id()), text.to_string()));
            }
        }
        for sub in command.get_subcommands() {
            english_texts(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    fn english() -> Vec<(String, String)> {
        let mut command = Cli::command();
        command.build();
        let mut texts = Vec::new();
        english_texts(&command, "agroshift", &mut texts);
        texts
    }

    #[test]
    fn every_english_text_has_its_vietnamese_and_every_entry_is_used() {
        let texts = english();
        let missing: Vec<String> =
            texts.iter().filter(|(_, en)| vietnamese_text(en) == *en).map(|(at, en)| format!("{at}: {en:?}")).collect();
        assert!(missing.is_empty(), "no Vietnamese for:\n{}", missing.join("\n"));
        let unused: Vec<&str> =
            TEXTS.iter().map(|(en, _)| *en).filter(|en| !texts.iter().any(|(_, t)| t == en)).collect();
        assert!(unused.is_empty(), "entries no command uses (an English text changed?): {unused:?}");
    }

    fn help(args: &[&str]) -> String {
        let command = in_vietnamese(Cli::command());
        let e = command.try_get_matches_from(args).expect_err("help is shown as clap's 'error'");
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
        e.render().to_string()
    }

    #[test]
    fn the_program_s_help_is_vietnamese_through_and_through() {
        let text = help(&["agroshift", "--help"]);
        assert!(text.starts_with("Mô phỏng chuyển đổi cơ cấu cây trồng"), "{text}");
        assert!(text.contains("Cách dùng: agroshift [TUỲ CHỌN] [LỆNH]"), "{text}");
        assert!(text.contains("Lệnh:") && text.contains("Tuỳ chọn:"), "{text}");
        assert!(text.contains("Liệt kê các kịch bản có sẵn"), "{text}");
        assert!(text.contains("[mặc định: vi]"), "{text}");
        assert!(text.contains("Mã thoát: 0 = xong; 1 = lần chạy thất bại"), "{text}");
        for english in [
            "Usage:",
            "Commands:",
            "Options:",
            "Possible values",
            "[default:",
            "Print help",
            "Examples:",
            "[OPTIONS]",
            "[COMMAND]",
        ] {
            assert!(!text.contains(english), "{english:?} left in English:\n{text}");
        }
    }

    #[test]
    fn a_command_s_help_gives_its_defaults_and_choices_in_vietnamese() {
        let text = help(&["agroshift", "crops", "--help"]);
        assert!(text.contains("Đối số:") && text.contains("Tuỳ chọn:"), "{text}");
        assert!(text.contains("[mặc định: sonla-restructuring]"), "{text}");
        assert!(text.contains("Cấp độ dốc: S1 <8°, S2 8–15°, S3 15–25°, S4 >25° [mặc định: S2]"), "{text}");
        // The format's text names its choices; no list is added to it.
        assert!(text.contains("hoặc json [mặc định: table]"), "{text}");
        assert!(!text.contains("giá trị: table"), "{text}");
        assert!(text.contains("Cách dùng: agroshift crops [TUỲ CHỌN] [SCENARIO]"), "{text}");
        for english in ["Usage:", "Arguments:", "Options:", "[default:", "[possible values:", "Print help", "[OPTIONS]"]
        {
            assert!(!text.contains(english), "{english:?} left in English:\n{text}");
        }
        let text = help(&["agroshift", "serve", "--help"]);
        assert!(text.contains("Cổng lắng nghe (0: một cổng trống bất kỳ, được in ra) [mặc định: 8080]"), "{text}");
    }

    #[test]
    fn short_help_is_the_first_paragraph_and_long_help_all_of_it() {
        let short = help(&["agroshift", "frontier", "-h"]);
        let long = help(&["agroshift", "frontier", "--help"]);
        assert!(short.starts_with("Mô phỏng mọi cơ cấu cây trồng"), "{short}");
        assert!(!short.contains("Rủi ro là phân vị 5%"), "{short}");
        assert!(long.contains("Rủi ro là phân vị 5%"), "{long}");
        // The command list shows each command's first paragraph.
        let top = help(&["agroshift", "-h"]);
        assert!(top.contains("Mô phỏng một kịch bản: nhiều lần mô phỏng cả tỉnh, từng năm một\n"), "{top}");
        assert!(!top.contains("Ghi vào out/"), "{top}");
    }

    #[test]
    fn a_text_with_no_entry_stays_english_rather_than_vanishing() {
        assert_eq!(vietnamese_text("A sentence nobody translated"), "A sentence nobody translated");
        assert_eq!(vietnamese_text("Output folder"), "Thư mục kết quả");
        assert_eq!(
            vietnamese_text("Simulate a scenario: many replicates of the whole province, year by year"),
            "Mô phỏng một kịch bản: nhiều lần mô phỏng cả tỉnh, từng năm một"
        );
    }
}
