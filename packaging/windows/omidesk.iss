; Inno Setup 6.3+ script: a per-user OmiDesk setup.exe from the PyInstaller bundle.
;
;   packaging\build.sh (on Windows, in Git Bash)   -> dist\omidesk\omidesk.exe, omidesk-cli.exe
;   iscc packaging\windows\omidesk.iss             -> dist\OmiDesk-<version>-setup.exe
;
; No administrator rights: installs into %LOCALAPPDATA%\Programs\OmiDesk, writes only under
; HKEY_CURRENT_USER. Tasks: tel:/callto: links (the same keys as `omidesk register-handler`,
; omidesk/desktop/registration.py: register_windows), start at sign-in (the same Run value as
; the settings switch, omidesk/desktop/integration.py), a desktop icon.
;
; Vietnamese: Inno Setup ships no Vietnamese.isl; put the community translation
; (https://jrsoftware.org/files/istrans/) next to this file to get a bilingual setup. Without
; it the setup is English only (the compiler says so).
;
; Saved as UTF-8 with a byte-order mark: the Vietnamese messages below need it.

#define Bundle AddBackslash(SourcePath) + "..\..\dist\omidesk"
#ifndef AppVersion
  ; The version resource PyInstaller wrote from omidesk.__version__ (omidesk.spec).
  #define AppVersion GetVersionNumbersString(Bundle + "\omidesk.exe")
#endif
#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
  #define HaveVietnamese
#else
  #pragma message "Vietnamese.isl not found next to omidesk.iss: the setup will be English only."
#endif

[Setup]
; Never change AppId: it is how a newer setup finds and upgrades an installed OmiDesk.
AppId={{48A85DB7-AB8B-43E3-8CDE-78AC61290AA4}
AppName=OmiDesk
AppVersion={#AppVersion}
AppVerName=OmiDesk {#AppVersion}
AppPublisher=OmiDesk
VersionInfoVersion={#AppVersion}
VersionInfoDescription=OmiDesk setup
DefaultDirName={localappdata}\Programs\OmiDesk
DefaultGroupName=OmiDesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir={#Bundle}\..
OutputBaseFilename=OmiDesk-{#AppVersion}-setup
SetupIconFile={#Bundle}\_internal\omidesk.ico
UninstallDisplayIcon={app}\omidesk.exe
UninstallDisplayName=OmiDesk
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; A running OmiDesk (it lives in the tray) holds its files: ask Windows to close it first.
CloseApplications=yes
RestartApplications=no
; Tells Explorer that the tel:/callto: handlers changed, on install and on uninstall.
ChangesAssociations=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#ifdef HaveVietnamese
Name: "vi"; MessagesFile: "Vietnamese.isl"
#endif

[CustomMessages]
; Unprefixed: English, and the fallback of every language.
TaskGroupIntegration=Desktop integration:
TaskLinks=Open tel: and callto: phone links with OmiDesk
TaskAutostart=Start OmiDesk when I sign in to Windows
#ifdef HaveVietnamese
vi.TaskGroupIntegration=Tích hợp với máy tính:
vi.TaskLinks=Mở liên kết điện thoại tel: và callto: bằng OmiDesk
vi.TaskAutostart=Khởi động OmiDesk khi tôi đăng nhập Windows
#endif

[Tasks]
Name: "links"; Description: "{cm:TaskLinks}"; GroupDescription: "{cm:TaskGroupIntegration}"
Name: "autostart"; Description: "{cm:TaskAutostart}"; GroupDescription: "{cm:TaskGroupIntegration}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: a library left over from an older version could be
; loaded instead of the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\OmiDesk"; Filename: "{app}\omidesk.exe"
Name: "{autodesktop}\OmiDesk"; Filename: "{app}\omidesk.exe"; Tasks: desktopicon

[Registry]
; tel: and callto: for this user: the keys registration.register_windows writes, so
; `omidesk unregister-handler`, `omidesk register-handler --status` and this setup agree.
; The scheme keys themselves are shared with other apps (Skype, Teams...): the uninstaller
; removes them only while they still point at OmiDesk (see [Code]), never by a flag.
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: ""; ValueData: "URL:tel protocol"; Tasks: links
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\omidesk.exe"" ""%1"""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: ""; ValueData: "URL:callto protocol"; Tasks: links
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\omidesk.exe"" ""%1"""; Tasks: links
; OmiDesk's own ProgIDs and Capabilities: Windows 10/11 list OmiDesk under Settings > Apps >
; Default apps, where the user makes it the default (a choice made there wins over the keys
; above, and only the user can make it).
Root: HKCU; Subkey: "Software\Classes\OmiDesk.tel"; Flags: uninsdeletekey; Tasks: links
Root: HKCU; Subkey: "Software\Classes\OmiDesk.tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\omidesk.exe"" ""%1"""; Tasks: links
Root: HKCU; Subkey: "Software\Classes\OmiDesk.callto"; Flags: uninsdeletekey; Tasks: links
Root: HKCU; Subkey: "Software\Classes\OmiDesk.callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\omidesk.exe"" ""%1"""; Tasks: links
Root: HKCU; Subkey: "Software\OmiDesk"; Flags: uninsdeletekey; Tasks: links
Root: HKCU; Subkey: "Software\OmiDesk\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "OmiDesk"; Tasks: links
Root: HKCU; Subkey: "Software\OmiDesk\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "Click-to-call for OMICall"; Tasks: links
Root: HKCU; Subkey: "Software\OmiDesk\Capabilities\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "OmiDesk.tel"; Tasks: links
Root: HKCU; Subkey: "Software\OmiDesk\Capabilities\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "OmiDesk.callto"; Tasks: links
Root: HKCU; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "OmiDesk"; ValueData: "Software\OmiDesk\Capabilities"; Flags: uninsdeletevalue; Tasks: links
; Start at sign-in: the value integration.set_autostart_windows writes and the settings switch
; reads, so the switch shows (and can undo) what was chosen here.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "OmiDesk"; ValueData: """{app}\omidesk.exe"""; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\omidesk.exe"; Description: "{cm:LaunchProgram,OmiDesk}"; Flags: nowait postinstall skipifsilent

[Code]
const
  RunKey = 'Software\Microsoft\Windows\CurrentVersion\Run';

{ The same test as registration._ours: the handler's command starts some OmiDesk. }
function PointsAtOmiDesk(const Command: String): Boolean;
begin
  Result := Pos('omidesk', Lowercase(Command)) > 0;
end;

procedure RemoveSchemeIfOurs(const Scheme: String);
var
  Command: String;
begin
  if RegQueryStringValue(HKCU, 'Software\Classes\' + Scheme + '\shell\open\command', '', Command)
    and PointsAtOmiDesk(Command) then
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\Classes\' + Scheme);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Command: String;
begin
  if CurUninstallStep = usUninstall then
  begin
    { Also written by `omidesk register-handler` and the settings switch, which the
      uninstaller's log does not know about. }
    RemoveSchemeIfOurs('tel');
    RemoveSchemeIfOurs('callto');
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\Classes\OmiDesk.tel');
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\Classes\OmiDesk.callto');
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\OmiDesk');
    RegDeleteValue(HKCU, 'Software\RegisteredApplications', 'OmiDesk');
    if RegQueryStringValue(HKCU, RunKey, 'OmiDesk', Command) and PointsAtOmiDesk(Command) then
      RegDeleteValue(HKCU, RunKey, 'OmiDesk');
  end;
end;
