// What `aws-sso-tray autostart enable` writes, per platform, as text: an XDG autostart desktop
// entry (Linux and other freedesktop systems), a LaunchAgent (macOS), a Startup-folder script
// (Windows). Pure: paths and environment come in, text goes out, so every byte is tested.

export type AutostartKind = 'xdg' | 'launchagent' | 'startup'

export interface AutostartTarget {
  /** Absolute path of the Node binary that runs us. */
  node: string
  /** Absolute path of the installed command's script (the bundle, dist/cli.cjs). */
  cli: string
  /** macOS: launchd starts agents with a bare PATH; the one from `enable` finds aws and tmux. */
  path?: string
}

export interface AutostartLocation {
  kind: AutostartKind
  file: string
}

/** Present in every file we write, so `disable` and `status` recognise our own. */
export const MARKER = 'X-AWS-SSO-Tray-Autostart'
export const LAUNCH_AGENT_LABEL = 'aws-sso-tray'
const PLIST_MARKER = `<!-- ${MARKER}: written by aws-sso-tray autostart enable -->`
const VBS_MARKER = `' ${MARKER}: written by aws-sso-tray autostart enable`

/** Where the entry lives; null (with the reason) where we cannot tell. */
export function autostartLocation(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): AutostartLocation | { error: string } {
  if (platform === 'darwin') return { kind: 'launchagent', file: `${home}/Library/LaunchAgents/${LAUNCH_AGENT_LABEL}.plist` }
  if (platform === 'win32') {
    const appData = env.APPDATA
    if (!appData) return { error: 'APPDATA is not set: cannot find the Startup folder' }
    return { kind: 'startup', file: `${appData.replace(/\\+$/, '')}\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\aws-sso-tray.vbs` }
  }
  // The XDG spec: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const config = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME.replace(/\/+$/, '') : `${home}/.config`
  return { kind: 'xdg', file: `${config}/autostart/aws-sso-tray.desktop` }
}

/** A reason the paths cannot be written into the entry, or null. */
export function unusablePath(target: AutostartTarget, kind: AutostartKind): string | null {
  for (const p of [target.node, target.cli]) {
    // Control characters (a newline above all) would end the line the path is written on.
    if ([...p].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f')) return `the path ${JSON.stringify(p)} contains a control character`
    if (kind === 'startup' && p.includes('"')) return `the path ${JSON.stringify(p)} contains a double quote`
  }
  // GLib looks the program up before expanding %% to %, so it would not find such a Node.
  if (kind === 'xdg' && target.node.includes('%')) return `the Node path ${JSON.stringify(target.node)} contains a %`
  return null
}

export function autostartEntry(kind: AutostartKind, target: AutostartTarget): string {
  switch (kind) {
    case 'xdg':
      return desktopEntry(target)
    case 'launchagent':
      return launchAgent(target)
    case 'startup':
      return startupScript(target)
  }
}

/**
 * The part of an entry that decides what runs: the Exec line, the ProgramArguments array, the
 * Run line. Equal to ours means the entry starts this installation. Null: not ours.
 */
export function entryCommand(kind: AutostartKind, text: string): string | null {
  if (!text.includes(MARKER)) return null
  const pattern = { xdg: /^Exec=.*$/m, launchagent: /<key>ProgramArguments<\/key>\s*<array>[\s\S]*?<\/array>/, startup: /^CreateObject.*$/m }[kind]
  return pattern.exec(text)?.[0] ?? ''
}

// ---- XDG desktop entry (Desktop Entry Specification 1.5) ----

/** One Exec argument: always quoted; inside quotes ", `, $ and \ take a backslash. */
export function quoteExecArg(arg: string): string {
  const quoted = `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`
  // Then the string-value escape rule (applied before the quoting rule by readers): \ → \\.
  // % starts a field code: %% is a literal %.
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%')
}

function desktopEntry(t: AutostartTarget): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=AWS SSO Tray',
    'Comment=AWS IAM Identity Center (SSO) sessions in the tray',
    `Exec=${[t.node, t.cli, 'tray'].map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `${MARKER}=true`,
    '',
  ].join('\n')
}

// ---- macOS LaunchAgent ----

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function launchAgent(t: AutostartTarget): string {
  const str = (s: string) => `<string>${xmlText(s)}</string>`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    PLIST_MARKER,
    '<plist version="1.0">',
    '<dict>',
    `  <key>Label</key>${str(LAUNCH_AGENT_LABEL)}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...[t.node, t.cli, 'tray'].map((a) => `    ${str(a)}`),
    '  </array>',
    ...(t.path === undefined ? [] : ['  <key>EnvironmentVariables</key>', '  <dict>', `    <key>PATH</key>${str(t.path)}`, '  </dict>']),
    '  <key>RunAtLoad</key><true/>',
    '  <key>ProcessType</key><string>Interactive</string>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n')
}

// ---- Windows Startup folder ----

/**
 * A .vbs rather than a .cmd: WScript runs the command with its window hidden (0), where a .cmd
 * would leave a console window open for as long as the tray runs. VBScript doubles quotes in a
 * string literal; Windows paths cannot contain a double quote, so each argument is simply quoted.
 */
function startupScript(t: AutostartTarget): string {
  const commandLine = [t.node, t.cli].map((a) => `"${a}"`).join(' ') + ' tray'
  return [VBS_MARKER, `CreateObject("WScript.Shell").Run "${commandLine.replace(/"/g, '""')}", 0, False`, ''].join('\r\n')
}
