// The app's words in Chinese (the default) and English.

const zh = {
  app: '视频监控巡检',
  login: '登录', logout: '退出', name: '用户名', password: '密码',
  bad_credentials: '用户名或密码错误', throttled: '登录失败次数过多，请 {s} 秒后再试',
  offline: '离线', online: '在线', network_error: '网络不可用',
  session_expired: '登录已过期，请重新登录；待发送的检查会保留',
  tasks: '任务', map: '地图', queue: '队列',
  refresh: '刷新', cached_at: '离线数据，更新于 {t}', no_tasks: '附近没有任务',
  no_position: '正在获取位置…（需要允许定位）', position: '位置 {lat}, {lon}（±{acc} 米）',
  m: '{d} 米', km: '{d} 公里',
  task_confirm_violation: '核实违规', task_recheck_finding: '复查问题', task_verify_rectification: '核实整改',
  task_never_inspected: '从未检查', task_due: '到期检查',
  deadline: '整改期限', camera: '摄像机', owner: '建设单位', investment: '投资主体',
  inv_government: '政府', inv_private: '非政府',
  azimuth: '登记方位角', hfov: '水平视场角', range: '有效距离', height: '安装高度', status: '状态', district: '辖区',
  last_check: '上次检查', never: '从未', open_findings: '未结问题', violations: '待核实违规',
  local_checks: '本机记录', record_check: '记录检查', back: '返回',
  signage: '提示标识', present: '有标识', legible: '清晰可辨', yes: '是', no: '否', unchecked: '未检查',
  lens: '镜头方向', compass_live: '罗盘（真北）', compass_none: '无罗盘数据：请手动输入',
  compass_hint: '手机平放，顶部指向镜头朝向', use_reading: '记录读数',
  manual: '手动输入（真北，度）', declination: '磁偏角 {d}°（WMM2025）', measured: '实测方位',
  deviation: '偏差 {d}°', deviation_over: '偏差 {d}°，超过 15°', start_compass: '启用罗盘',
  obstruction: '遮挡', obs_none: '无', obs_tree: '树木', obs_billboard: '广告牌', obs_cable: '线缆',
  obs_structure: '建筑物', obs_other: '其他', blocked_share: '遮挡比例 {p}%',
  privacy: '隐私', in_private_space: '位于私密场所', space_kind: '场所类型', choose: '请选择',
  image: '图像', img_clear: '清晰', img_blurred: '模糊', img_dark: '过暗', img_no_signal: '无信号',
  running: '运行正常', notes: '备注', photos: '照片', add_photo: '拍照 / 添加照片',
  observed_at: '检查时间', save: '保存检查', saved: '已保存到本机，将在有网络时发送',
  need_position: '没有定位，无法保存', need_space: '请选择场所类型',
  sync_now: '立即同步', empty_queue: '本机没有检查记录',
  st_waiting: '等待发送', st_sent: '已发送', st_conflict: '冲突', st_rejected: '被退回', st_retrying: '重试中',
  ph_waiting: '照片待上传', ph_sent: '照片已上传', ph_rejected: '照片被拒', ph_retrying: '照片重试中',
  conflict_text: '服务器已有同一编号但内容不同的检查（409），不会自动重发。',
  retry_at: '{t} 再试（第 {n} 次）', discard: '删除本机记录', resend_new: '作为新检查发送',
  confirm_discard: '删除这条本机记录？',
  findings: '发现的问题', no_findings: '没有发现问题', skipped: '未立案', flags: '疑点',
  citation: '依据', penalties: '罚则', source: '规章',
  k_direction_changed: '擅自调整方向', k_obstructed: '遮挡', k_no_signage: '未设置提示标识',
  k_private_space: '私密场所安装', k_not_running: '未正常运行',
  fs_open: '未整改', fs_rectified: '已整改', fs_verified: '已核实', fs_reopened: '重新打开',
  field_error: '字段 {f}：{m}', lang: 'EN',
};

const en = {
  app: 'CCTV inspection',
  login: 'Log in', logout: 'Log out', name: 'User name', password: 'Password',
  bad_credentials: 'Wrong name or password', throttled: 'Too many failed logins; try again in {s} s',
  offline: 'Offline', online: 'Online', network_error: 'No network',
  session_expired: 'Your session expired; log in again. Unsent checks are kept.',
  tasks: 'Tasks', map: 'Map', queue: 'Queue',
  refresh: 'Refresh', cached_at: 'Offline data from {t}', no_tasks: 'No tasks nearby',
  no_position: 'Finding your position… (allow location)', position: 'Position {lat}, {lon} (±{acc} m)',
  m: '{d} m', km: '{d} km',
  task_confirm_violation: 'Confirm violation', task_recheck_finding: 'Re-check finding',
  task_verify_rectification: 'Verify rectification', task_never_inspected: 'Never inspected', task_due: 'Due',
  deadline: 'Deadline', camera: 'Camera', owner: 'Owner', investment: 'Investment',
  inv_government: 'government', inv_private: 'non-government',
  azimuth: 'Registered azimuth', hfov: 'Horizontal FOV', range: 'Range', height: 'Height', status: 'Status',
  district: 'District', last_check: 'Last check', never: 'never', open_findings: 'Open findings',
  violations: 'Violations to confirm', local_checks: 'On this phone', record_check: 'Record a check', back: 'Back',
  signage: 'Notice sign', present: 'Sign present', legible: 'Legible', yes: 'Yes', no: 'No', unchecked: 'Not checked',
  lens: 'Lens direction', compass_live: 'Compass (true north)', compass_none: 'No compass data: enter it by hand',
  compass_hint: 'Hold the phone flat, its top pointing where the lens looks', use_reading: 'Take reading',
  manual: 'By hand (true north, degrees)', declination: 'Declination {d}° (WMM2025)', measured: 'Measured',
  deviation: 'Deviation {d}°', deviation_over: 'Deviation {d}°, over 15°', start_compass: 'Start compass',
  obstruction: 'Obstruction', obs_none: 'None', obs_tree: 'Tree', obs_billboard: 'Billboard', obs_cable: 'Cable',
  obs_structure: 'Structure', obs_other: 'Other', blocked_share: 'Blocked {p}%',
  privacy: 'Privacy', in_private_space: 'In a private space', space_kind: 'Kind of space', choose: 'Choose',
  image: 'Image', img_clear: 'Clear', img_blurred: 'Blurred', img_dark: 'Dark', img_no_signal: 'No signal',
  running: 'Running', notes: 'Notes', photos: 'Photos', add_photo: 'Take / add photo',
  observed_at: 'Observed at', save: 'Save check', saved: 'Saved on the phone; it is sent when there is a network',
  need_position: 'No position fix: cannot save', need_space: 'Choose the kind of space',
  sync_now: 'Sync now', empty_queue: 'No checks on this phone',
  st_waiting: 'Waiting', st_sent: 'Sent', st_conflict: 'Conflict', st_rejected: 'Rejected', st_retrying: 'Retrying',
  ph_waiting: 'Photo waiting', ph_sent: 'Photo uploaded', ph_rejected: 'Photo refused', ph_retrying: 'Photo retrying',
  conflict_text: 'The server holds a check with this id and another content (409); it is not resent.',
  retry_at: 'next try {t} (attempt {n})', discard: 'Delete from phone', resend_new: 'Send as a new check',
  confirm_discard: 'Delete this check from the phone?',
  findings: 'Findings', no_findings: 'No findings', skipped: 'Not raised', flags: 'Flags',
  citation: 'Provision', penalties: 'Penalties', source: 'Rulebook',
  k_direction_changed: 'Direction changed', k_obstructed: 'Obstructed', k_no_signage: 'No notice sign',
  k_private_space: 'In a private space', k_not_running: 'Not running',
  fs_open: 'open', fs_rectified: 'rectified', fs_verified: 'verified', fs_reopened: 'reopened',
  field_error: 'Field {f}: {m}', lang: '中文',
};

// The private-space kinds of data/rules/taxonomy.yaml (spaces), the ids the API takes.
export const SPACES = [
  ['hotel_room', '旅馆等的客房', 'Hotel guest room'],
  ['private_dining_room', '经营场所包间', 'Private dining room'],
  ['dormitory', '集体宿舍', 'Dormitory room'],
  ['staff_rest_room', '员工住宿休息室', 'Staff rest room'],
  ['bath', '公共浴室', 'Public bath'],
  ['toilet', '卫生间', 'Toilet'],
  ['changing_room', '更衣室', 'Changing room'],
  ['nursing_room', '母婴室', 'Nursing room'],
  ['fitting_room', '试衣间', 'Fitting room'],
  ['dressing_room', '化妆间', 'Dressing room'],
  ['other_private', '其他私密区域', 'Other private place'],
];

const dicts = { zh, en };
let current = 'zh';

export function setLang(l) {
  current = dicts[l] ? l : 'zh';
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

export function lang() {
  return current;
}

/** t is the text of key in the current language, with {name} replaced from vars. */
export function t(key, vars = {}) {
  const s = dicts[current][key] ?? dicts.zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

export function spaceLabel(id) {
  const s = SPACES.find((x) => x[0] === id);
  if (!s) return id;
  return current === 'zh' ? s[1] : s[2];
}
