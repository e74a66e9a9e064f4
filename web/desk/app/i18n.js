// The map's words in Chinese (the default) and English. The choice is kept in the
// browser; category, violation and rulebook names come from the server in both.

const zh = {
  app: '公共安全视频图像信息系统规划', app_short: '视频监控规划',
  login: '登录', logout: '退出', name: '用户名', password: '密码', lang: 'EN',
  bad_credentials: '用户名或密码错误', throttled: '登录失败次数过多，请 {s} 秒后再试',
  session_expired: '登录已过期，请重新登录', network_error: '无法连接服务器',
  nav_map: '现状地图', nav_plans: '规划方案', nav_findings: '巡检问题',
  role_planner: '规划人员', role_reviewer: '审核人员', role_supervisor: '巡检主管', role_admin: '管理员', role_inspector: '巡检员',
  whole: '全辖区',
  layers: '图层', filters: '筛选', all: '全部',
  l_districts: '行政区', l_sites: '场所（按覆盖）', l_roads: '道路（按监控比例）', l_watched: '已监控路段',
  l_footprints: '摄像机视域', l_cameras: '摄像机', l_hotspots: '重复建设热点', l_hot_cells: '重复建设热度（每格建设单位数）', l_violations: '违规点位',
  l_proposals: '方案点位', l_comments: '批注', l_findings: '巡检问题', l_basemap: '底图',
  category: '场所类别', district: '辖区', owner: '建设单位', investment: '投资主体',
  inv_government: '政府投资', inv_private: '非政府投资', inv_unknown: '投资主体不明',
  to_verify: '待核实：{d} 台摄像机朝向不明，{i} 台投资主体不明',
  summary: '概况', mandatory_sites: '必建场所', covered: '已覆盖', partial: '部分覆盖', uncovered: '未覆盖',
  cameras: '摄像机', hotspots: '重复建设热点', violations: '违规', hot_area: '热点面积 {a} 平方米',
  by_category: '按类别', by_district: '按辖区',
  gaps: '最严重的覆盖缺口', gaps_total: '共 {n} 处必建场所未完全覆盖', no_gaps: '没有未覆盖的必建场所',
  hotspots_list: '重复建设热点', hotspots_total: '共 {n} 处', no_hotspots: '没有重复建设热点',
  rank: '第 {n} 名', gov_share: '政府投资占 {p}%', owners_n: '{n} 个建设单位', cameras_n: '{n} 台摄像机', score: '评分 {s}',
  zoom_in: '放大地图以查看场所和摄像机',
  plans: '规划方案', new_plan: '新建方案', title: '标题', create: '创建', no_plans: '还没有方案',
  state_draft: '草稿', state_submitted: '审核中', state_approved: '已批准',
  stage_expert_review: '专家评审', stage_approve: '审批', stage_draft: '草稿',
  versions_n: '{n} 个版本', proposals_n: '{n} 项提议', author: '编制人', created: '创建于',
  open: '打开', back: '返回',
  draft: '方案草稿', place_camera: '放置摄像机', placing: '在地图上点击放置摄像机（Esc 取消）',
  azimuth: '方位角（度）', hfov: '水平视场角（度）', range: '有效距离（米）', height: '安装高度（米）',
  position: '位置', note: '说明', add: '加入方案', cancel: '取消', withdraw_last: '撤回最后一项',
  effect: '实时效果', before: '之前', after: '之后', effect_hint: '放置或拖动摄像机查看效果',
  uncovered_mandatory: '未覆盖必建场所', partial_mandatory: '部分覆盖必建场所', covered_mandatory: '已覆盖必建场所',
  hot_cells: '重复建设网格', duplicate_warn: '视域 {p}% 与现有摄像机重叠，可能构成重复建设（{c}）',
  became_covered: '新覆盖：{ids}', road_share: '{c} 监控比例 {a}% → {b}%',
  submit: '提交审核', submitted: '已提交，等待{stage}', confirm_submit: '提交后草稿将冻结为新版本，确定提交？',
  k_add: '新增', k_move: '移位', k_reaim: '调整朝向', k_remove: '拆除',
  review: '审核', diff: '版本差异', compare_with: '对比', current_city: '现状（未实施方案）', added: '新增', removed: '拆除', moved: '移位', reaimed: '调整朝向',
  sites_covered: '新覆盖场所', sites_uncovered: '失去覆盖场所',
  approve: '批准', return: '退回修改', review_note: '审核意见（退回时必填）', comment: '批注',
  add_comment: '在地图上添加批注', commenting: '在地图上点击批注位置', comment_text: '批注内容', save: '保存',
  comments: '批注', no_comments: '暂无批注', reviews: '审核记录', version: '版本 {n}', hash: '哈希',
  print: '打印页', printable: '可打印版', print_now: '打印',
  approvers: '审批人', jurisdiction: '适用法规', legend: '图例', summary_table: '效果汇总',
  measure: '指标', no_version: '该方案尚无版本',
  approved_plan: '已批准的规划方案', outcome_approved: '已批准', outcome_returned: '已退回', outcome_pending: '待审',
  findings: '巡检问题', findings_n: '共 {n} 个问题', status: '状态', kind: '问题类型', deadline: '整改期限', citation: '依据',
  st_open: '待整改', st_rectified: '已整改', st_verified: '已核实', st_reopened: '重新打开',
  photos: '照片', no_photos: '没有照片', detail: '情况', inspection: '检查记录', unplaced: '{n} 个问题无法定位',
  fk_no_signage: '未设置提示标识', fk_direction_changed: '擅自改变方向',
  fk_obstructed: '遮挡', fk_private_space: '私密场所内安装', fk_not_running: '未正常运行',
  camera: '摄像机', last_check: '上次检查', never: '从未', open_findings: '未结问题',
  loading: '加载中…', error: '出错：{m}', field_error: '{m}',
  none: '无',
  job_kind: '任务类型', nav_jobs: '后台任务', jobs: '后台任务', no_jobs: '还没有导出任务', progress: '进度', requested_by: '发起人', by_system: '系统',
  download: '下载', export_analysis: '导出分析结果', export_hint: '将当前现状的分析报告和 GeoJSON 结果打包为 zip，在后台生成，可随时取消。',
  start_export: '开始导出', coverage_history: '覆盖情况变化', history_hint: '每次导入图层或实施方案后，系统自动记录一次全辖区分析。',
  no_history: '尚无分析记录', store_version: '数据版本', analysed_at: '分析时间', mandatory_covered: '必建场所已覆盖', share: '比例',
  jk_export: '导出分析结果', jk_analysis: '现状分析',
  job_queued: '排队中', job_running: '运行中', job_completed: '已完成', job_failed: '失败', job_cancelled: '已取消',
  step_reading: '读取图层', step_index: '建立索引', step_sites: '场所覆盖', step_roads: '道路覆盖', step_hotspots: '重复建设热点',
  step_violations: '违规检查', step_summary: '汇总', step_writing: '写出文件',
  nav_import: '导入图层', import_title: '导入图层文件', import_hint: '拖入文件或点击选择。写入之前先预览：格式、坐标系、字段对应、地图上的前若干要素，以及修复和拒收报告；确认后一次性写入并刷新全辖区数据。',
  import_drop: '将文件拖到此处，或点击选择文件', import_formats: 'Shapefile（zip）、GeoPackage、Excel、CSV、GeoJSON、OpenStreetMap，最大 {mb} MB',
  layer: '图层', ly_sites: '场所', ly_entrances: '出入口', ly_cameras: '摄像机', ly_roads: '道路', ly_occluders: '遮挡建筑', ly_private_spaces: '私密场所', ly_districts: '行政区', ly_all: '全部图层（OpenStreetMap）',
  crs: '坐标系', crs_as_file: '按文件声明（未声明则为 WGS84）', crs_epsg: '其他（EPSG 代码）',
  crs_wgs84: 'WGS84（EPSG:4326）', crs_cgcs2000: 'CGCS2000 国家大地坐标系（EPSG:4490）', crs_gcj02: 'GCJ-02（高德、腾讯地图）', crs_bd09: 'BD-09（百度地图）', crs_webmercator: 'Web 墨卡托（EPSG:3857）',
  crs_read: '按 {crs} 读取（{from}）', crs_from_file: '文件声明', crs_from_user: '手动指定', crs_from_default: '文件未声明，默认',
  mapping: '字段对应', mapping_hint: '每个字段从哪一列读取；更改后重新读取文件。带 * 的字段必填，未指定的字段按常用表头自动识别。', field: '字段', column: '列', mapped_by: '识别方式', required: '必填', not_mapped: '（自动识别）',
  by_name: '列名相同', by_header: '常用表头', by_map: '手动指定', unused_columns: '未使用的列：{c}',
  rejections: '拒收要素', rejections_first: '仅列出前 {n} 个', place_in_file: '文件中位置', feature_id: '编号', reason: '原因', format: '格式',
  problem_crs: '需要指定坐标系：', problem_mapping: '需要补全字段对应：', problem_layer: '请选择其他图层：', problem_file: '按当前选项无法读取：',
  import_read: '已读取要素', import_valid: '可写入', import_rejected: '拒收', import_swapped: 'X 列为北坐标、Y 列为东坐标（测绘习惯），已按此读取',
  notes: '读取说明', import_expires: '未确认的上传将于 {at} 删除',
  import_confirm: '确认导入 {n} 个要素', import_confirm_skip: '导入 {n} 个要素，跳过 {m} 个拒收要素',
  import_done: '已写入：{w}；跳过 {s} 个拒收要素。', import_city_now: '全辖区现有摄像机 {n} 台。',
  import_too_large: '文件超过 {mb} MB 上限，无法导入', import_unknown_format: '无法识别的文件格式：{m}', import_unreadable: '文件无法读取：{m}',
  import_forbidden: '图层属于全辖区，只有不限辖区的规划人员和管理员可以导入', import_busy: '无法开始新的导入：{m}', import_gone: '该导入已过期、已取消或已确认',
  f_id: '编号', f_category: '类别', f_name: '名称', f_district: '所属辖区', f_site_id: '所属场所编号', f_kind: '类型', f_azimuth: '方位角', f_hfov: '水平视场角',
  f_range: '有效距离', f_owner: '建设单位', f_investment: '投资主体', f_height: '高度', f_status: '状态', f_direction: '方向状态', f_surveillance: '监控类型',
  f_mount: '安装方式', f_level: '楼层', f_class: '道路等级', f_space: '私密场所类型', f_lon: '经度 / X', f_lat: '纬度 / Y', f_geometry: '几何', f_row: '整行',
  problem_mapping_missing: '必填字段{f}没有对应的列，请在下表中选择。', problem_crs_choose: '请在上方选择文件的坐标系（原因见下）。',
  table_label: '数据表（GeoPackage）', table_hint: '文件只有一个表时可不填', problem_table: '请指定要读取的数据表：',
  sheet_label: '工作表（Excel）', sheet_hint: '不填则读取第一个工作表', problem_sheet: '请指定要读取的工作表：',
  registry: 'GB/T 28181 编码检查', registry_coded: '{n} 台摄像机使用国标编码：{types}', registry_none: '没有摄像机使用国标编码',
  registry_verify: '待核实 {n} 台（照常写入，仅供核实）', reg_code_malformed: '编号为国标编码的 20 位，但不是有效编码：{p}',
  reg_code_not_camera: '编码的设备类型为{t}（{n}），不是摄像机', reg_district_differs: '台账写明属于{named}，实际位于{stands}',
  reg_district_differs_code: '编码的行政区划 {div} 属于{named}，实际位于{stands}',
};

const en = {
  app: 'Public video surveillance planning', app_short: 'CCTV planning',
  login: 'Log in', logout: 'Log out', name: 'User name', password: 'Password', lang: '中文',
  bad_credentials: 'Wrong user name or password', throttled: 'Too many failed logins; try again in {s} s',
  session_expired: 'Your session expired; please log in again', network_error: 'Cannot reach the server',
  nav_map: 'City map', nav_plans: 'Plans', nav_findings: 'Findings',
  role_planner: 'Planner', role_reviewer: 'Reviewer', role_supervisor: 'Supervisor', role_admin: 'Administrator', role_inspector: 'Inspector',
  whole: 'Whole jurisdiction',
  layers: 'Layers', filters: 'Filters', all: 'All',
  l_districts: 'Districts', l_sites: 'Sites by coverage', l_roads: 'Roads by watched share', l_watched: 'Watched stretches',
  l_footprints: 'Camera footprints', l_cameras: 'Cameras', l_hotspots: 'Duplicate-build hotspots', l_hot_cells: 'Duplicate-build heat (owners per cell)', l_violations: 'Violations',
  l_proposals: 'Plan cameras', l_comments: 'Comments', l_findings: 'Findings', l_basemap: 'Base map',
  category: 'Category', district: 'District', owner: 'Owner', investment: 'Investment',
  inv_government: 'Government', inv_private: 'Non-government', inv_unknown: 'Investment unknown',
  to_verify: 'To verify: {d} cameras of unknown direction, {i} of unknown investment',
  summary: 'Summary', mandatory_sites: 'Mandatory sites', covered: 'Covered', partial: 'Partial', uncovered: 'Uncovered',
  cameras: 'Cameras', hotspots: 'Hotspots', violations: 'Violations', hot_area: 'Hotspot area {a} m²',
  by_category: 'By category', by_district: 'By district',
  gaps: 'Worst coverage gaps', gaps_total: '{n} mandatory sites not fully covered', no_gaps: 'No mandatory site is uncovered',
  hotspots_list: 'Duplicate-build hotspots', hotspots_total: '{n} in all', no_hotspots: 'No duplicate-build hotspots',
  rank: 'No. {n}', gov_share: '{p}% government', owners_n: '{n} owners', cameras_n: '{n} cameras', score: 'score {s}',
  zoom_in: 'Zoom in to see sites and cameras',
  plans: 'Plans', new_plan: 'New plan', title: 'Title', create: 'Create', no_plans: 'No plans yet',
  state_draft: 'Draft', state_submitted: 'In review', state_approved: 'Approved',
  stage_expert_review: 'Expert review', stage_approve: 'Approval', stage_draft: 'Draft',
  versions_n: '{n} versions', proposals_n: '{n} proposals', author: 'Author', created: 'Created',
  open: 'Open', back: 'Back',
  draft: 'Draft', place_camera: 'Place a camera', placing: 'Click the map to place the camera (Esc cancels)',
  azimuth: 'Azimuth (°)', hfov: 'Horizontal FOV (°)', range: 'Range (m)', height: 'Height (m)',
  position: 'Position', note: 'Note', add: 'Add to plan', cancel: 'Cancel', withdraw_last: 'Withdraw the last',
  effect: 'Live effect', before: 'Before', after: 'After', effect_hint: 'Place or drag a camera to see its effect',
  uncovered_mandatory: 'Uncovered mandatory sites', partial_mandatory: 'Partly covered mandatory sites', covered_mandatory: 'Covered mandatory sites',
  hot_cells: 'Duplicate-build cells', duplicate_warn: '{p}% of the footprint overlaps existing cameras: possible duplicate build ({c})',
  became_covered: 'Newly covered: {ids}', road_share: '{c} watched {a}% → {b}%',
  submit: 'Submit for review', submitted: 'Submitted; waiting for {stage}', confirm_submit: 'Submitting freezes the draft as a new version. Submit?',
  k_add: 'Add', k_move: 'Move', k_reaim: 'Re-aim', k_remove: 'Remove',
  review: 'Review', diff: 'Changes', compare_with: 'Compare with', current_city: 'The city as it stands', added: 'Added', removed: 'Removed', moved: 'Moved', reaimed: 'Re-aimed',
  sites_covered: 'Sites newly covered', sites_uncovered: 'Sites losing coverage',
  approve: 'Approve', return: 'Return', review_note: 'Remark (required to return)', comment: 'Comment',
  add_comment: 'Comment on a place', commenting: 'Click the map where the comment belongs', comment_text: 'Comment', save: 'Save',
  comments: 'Comments', no_comments: 'No comments', reviews: 'Reviews', version: 'Version {n}', hash: 'Hash',
  print: 'Printable page', printable: 'Printable', print_now: 'Print',
  approvers: 'Approved by', jurisdiction: 'Rules', legend: 'Legend', summary_table: 'Effect summary',
  measure: 'Measure', no_version: 'The plan has no version yet',
  approved_plan: 'Approved coverage plan', outcome_approved: 'Approved', outcome_returned: 'Returned', outcome_pending: 'Pending',
  findings: 'Findings', findings_n: '{n} findings', status: 'Status', kind: 'Kind', deadline: 'Deadline', citation: 'Citation',
  st_open: 'Open', st_rectified: 'Rectified', st_verified: 'Verified', st_reopened: 'Reopened',
  photos: 'Photos', no_photos: 'No photos', detail: 'Observed', inspection: 'Inspection', unplaced: '{n} findings have no position',
  fk_no_signage: 'No notice sign', fk_direction_changed: 'Direction changed',
  fk_obstructed: 'Obstructed', fk_private_space: 'In a private space', fk_not_running: 'Not running',
  camera: 'Camera', last_check: 'Last check', never: 'never', open_findings: 'Open findings',
  loading: 'Loading…', error: 'Error: {m}', field_error: '{m}',
  none: 'none',
  job_kind: 'Job', nav_jobs: 'Jobs', jobs: 'Background jobs', no_jobs: 'No exports yet', progress: 'Progress', requested_by: 'Asked by', by_system: 'System',
  download: 'Download', export_analysis: 'Export the analysis', export_hint: 'The report and the GeoJSON results of the city as it stands, in a zip archive, made in the background; cancel it any time.',
  start_export: 'Start the export', coverage_history: 'Coverage over time', history_hint: 'After each import of layers or plan applied, the whole jurisdiction is analysed and recorded.',
  no_history: 'No analyses recorded yet', store_version: 'Data version', analysed_at: 'Analysed', mandatory_covered: 'Mandatory sites covered', share: 'Share',
  jk_export: 'Analysis export', jk_analysis: 'Analysis of the city',
  job_queued: 'Queued', job_running: 'Running', job_completed: 'Completed', job_failed: 'Failed', job_cancelled: 'Cancelled',
  step_reading: 'Reading the layers', step_index: 'Indexing', step_sites: 'Site coverage', step_roads: 'Road coverage', step_hotspots: 'Duplicate-build hotspots',
  step_violations: 'Violations', step_summary: 'Summary', step_writing: 'Writing the files',
  nav_import: 'Import', import_title: 'Import a layer file', import_hint: 'Drop a file or choose one. Before anything is written you see its format, coordinate system, column mapping, its first features on the map and the repair and rejection report; confirming writes it in one transaction and refreshes the city.',
  import_drop: 'Drop a file here, or click to choose one', import_formats: 'Shapefile (zip), GeoPackage, Excel, CSV, GeoJSON, OpenStreetMap; up to {mb} MB',
  layer: 'Layer', ly_sites: 'Sites', ly_entrances: 'Entrances', ly_cameras: 'Cameras', ly_roads: 'Roads', ly_occluders: 'Buildings (occluders)', ly_private_spaces: 'Private spaces', ly_districts: 'Districts', ly_all: 'All layers (OpenStreetMap)',
  crs: 'Coordinate system', crs_as_file: 'As the file says (WGS84 if it does not)', crs_epsg: 'Other (EPSG code)',
  crs_wgs84: 'WGS84 (EPSG:4326)', crs_cgcs2000: 'CGCS2000 (EPSG:4490)', crs_gcj02: 'GCJ-02 (AMap, Tencent)', crs_bd09: 'BD-09 (Baidu)', crs_webmercator: 'Web Mercator (EPSG:3857)',
  crs_read: 'Read in {crs} ({from})', crs_from_file: 'declared by the file', crs_from_user: 'chosen here', crs_from_default: 'the file declares none: the default',
  mapping: 'Column mapping', mapping_hint: 'The column each field is read from; a change reads the file again. Fields with * are required; those not chosen are recognised by their headers.', field: 'Field', column: 'Column', mapped_by: 'Found by', required: 'required', not_mapped: '(recognised by header)',
  by_name: 'same name', by_header: 'common header', by_map: 'chosen here', unused_columns: 'Columns not read: {c}',
  rejections: 'Rejected features', rejections_first: 'The first {n} are listed', place_in_file: 'Place in the file', feature_id: 'ID', reason: 'Reason', format: 'Format',
  problem_crs: 'Name the coordinate system:', problem_mapping: 'Complete the column mapping:', problem_layer: 'Choose another layer:', problem_file: 'Cannot be read with these options:',
  import_read: 'Features read', import_valid: 'To write', import_rejected: 'Rejected', import_swapped: 'The X column holds northings and the Y column eastings (the surveyors\' order): read as such',
  notes: 'Notes', import_expires: 'An upload not confirmed is removed at {at}',
  import_confirm: 'Import {n} features', import_confirm_skip: 'Import {n} features, skip {m} rejected',
  import_done: 'Written: {w}; {s} rejected features skipped.', import_city_now: 'The city now has {n} cameras.',
  import_too_large: 'The file is larger than the {mb} MB limit and cannot be imported', import_unknown_format: 'Unknown file format: {m}', import_unreadable: 'The file cannot be read: {m}',
  import_forbidden: 'Layers are the whole city\'s: only planners and admins without a district import them', import_busy: 'Cannot start another import: {m}', import_gone: 'This import expired, was cancelled or was confirmed',
  f_id: 'ID', f_category: 'Category', f_name: 'Name', f_district: 'District', f_site_id: 'Site ID', f_kind: 'Kind', f_azimuth: 'Azimuth', f_hfov: 'Horizontal FOV',
  f_range: 'Range', f_owner: 'Owner', f_investment: 'Investment', f_height: 'Height', f_status: 'Status', f_direction: 'Direction state', f_surveillance: 'Surveillance type',
  f_mount: 'Mount', f_level: 'Level', f_class: 'Road class', f_space: 'Private space kind', f_lon: 'Longitude / X', f_lat: 'Latitude / Y', f_geometry: 'Geometry', f_row: 'Whole row',
  problem_mapping_missing: 'the required fields {f} have no column: choose one below.', problem_crs_choose: 'choose the file\'s coordinate system above (why below).',
  table_label: 'Table (GeoPackage)', table_hint: 'may be left empty when the file has one table', problem_table: 'Name the table to read:',
  sheet_label: 'Sheet (Excel)', sheet_hint: 'left empty, the first sheet is read', problem_sheet: 'Name the sheet to read:',
  registry: 'GB/T 28181 code check', registry_coded: '{n} cameras carry a GB/T 28181 code: {types}', registry_none: 'No camera carries a GB/T 28181 code',
  registry_verify: '{n} to verify (written as they are; for checking only)', reg_code_malformed: 'its id has the 20 digits of a GB/T 28181 code but is none: {p}',
  reg_code_not_camera: 'its code names a {t} (type {n}), not a camera', reg_district_differs: 'its row names {named}, but it stands in {stands}',
  reg_district_differs_code: 'its code\'s division {div} names {named}, but it stands in {stands}',
};

const dicts = { zh, en };
const store = globalThis.localStorage;
let current = store?.getItem('cctvgis.lang') === 'en' ? 'en' : 'zh';
if (globalThis.document) document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';

export function lang() {
  return current;
}

export function setLang(l) {
  current = l === 'en' ? 'en' : 'zh';
  store?.setItem('cctvgis.lang', current);
  if (globalThis.document) document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** t is the text of key in the current language, with {name} replaced from vars; an unknown key is itself. */
export function t(key, vars = {}) {
  const s = dicts[current][key] ?? dicts.zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? `{${k}}`));
}

/** term picks the name of a vocabulary entry ({zh, en}) in the current language. */
export function term(x, fallback = '') {
  if (!x) return fallback;
  return (current === 'en' ? x.en : x.zh) || x.zh || x.en || fallback;
}

/** num formats a number for the current language. */
export function num(n, digits = 0) {
  return Number(n ?? 0).toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits });
}

export const dictionaries = dicts;
