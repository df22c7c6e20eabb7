; Inno Setup 6 script: per-machine installer for Support Assistant (Windows x64).
;
; Build (on Windows, after `python build_spec.py` made dist\support-assistant\):
;   iscc /DAppVersion=0.1.0 installer\windows\support-assistant.iss
; -> dist\support-assistant-0.1.0-setup.exe
;
; Install silently for every user of the machine, with the IT policy:
;   support-assistant-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /POLICY="\\server\it\policy.toml"
; /POLICY=path copies the file to %ProgramData%\SupportAssistant\policy.toml (kept on
; uninstall: it is IT's file) and checks it with `support-assistant policy check`; a missing
; file stops the installation, an invalid one is reported (sending stays disabled until fixed).
; Uninstall silently: "%ProgramFiles%\Support Assistant\unins000.exe" /VERYSILENT

#define AppName "Support Assistant"
#define AppExe "support-assistant-gui.exe"
#define CliExe "support-assistant.exe"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\support-assistant"
#endif

[Setup]
AppId={{6E0C3B7A-4F1D-4C55-9B8E-2D6A1F0B7C31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Example Vendor
AppPublisherURL=https://support.example.com/assistant
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=support-assistant-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\support-assistant.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\policy.example.toml"; DestDir: "{app}"; Flags: ignoreversion
Source: "{code:PolicySource}"; DestDir: "{commonappdata}\SupportAssistant"; DestName: "policy.toml"; Flags: external ignoreversion uninsneveruninstall; Check: HasPolicy

[Dirs]
Name: "{commonappdata}\SupportAssistant"; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Send a support report"
Name: "{autoprograms}\{#AppName} Console"; Filename: "{app}\{#AppExe}"; Parameters: "console"; Comment: "Open received support bundles"

[Registry]
; support-assistant: URLs (products start a report with a link) run `handle-url`.
Root: HKLM; Subkey: "Software\Classes\support-assistant"; ValueType: string; ValueName: ""; ValueData: "URL:Support Assistant report"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\support-assistant"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKLM; Subkey: "Software\Classes\support-assistant\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKLM; Subkey: "Software\Classes\support-assistant\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" handle-url ""%1"""
; .zip.age bundles open in the console.
Root: HKLM; Subkey: "Software\Classes\.age\OpenWithProgids"; ValueType: string; ValueName: "SupportAssistant.Bundle"; ValueData: ""; Flags: uninsdeletevalue
Root: HKLM; Subkey: "Software\Classes\SupportAssistant.Bundle"; ValueType: string; ValueName: ""; ValueData: "Support bundle"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\SupportAssistant.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" console ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent

[Code]
var
  PolicyPath: string;

function InitializeSetup(): Boolean;
begin
  PolicyPath := ExpandConstant('{param:POLICY|}');
  Result := True;
  if (PolicyPath <> '') and (not FileExists(PolicyPath)) then
  begin
    SuppressibleMsgBox('The policy file ' + PolicyPath + ' does not exist; nothing was installed.',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

function HasPolicy(): Boolean;
begin
  Result := PolicyPath <> '';
end;

function PolicySource(Param: string): string;
begin
  Result := PolicyPath;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if (CurStep = ssPostInstall) and HasPolicy() then
  begin
    Exec(ExpandConstant('{app}\{#CliExe}'),
      'policy check "' + ExpandConstant('{commonappdata}\SupportAssistant\policy.toml') + '"',
      '', SW_HIDE, ewWaitUntilTerminated, ResultCode);
    if ResultCode <> 0 then
      SuppressibleMsgBox('The installed policy is not valid (support-assistant policy check ' +
        'exited with ' + IntToStr(ResultCode) + '); sending stays disabled until it is fixed.',
        mbError, MB_OK, IDOK);
  end;
end;
